/**
 * Small sets of numbers (interned names, models), themselves interned: a trace keeps one set number for its span
 * names instead of an array of its own. Traces of one app have a handful of shapes, so 100,000 traces share a few
 * sets; a sender that invents names per trace stops adding sets at `maxSets` (those traces then keep the set they had,
 * and search sees fewer of their names).
 */
export interface IdSets {
  /** The set `set` plus `id` (set 0 is empty); the same set when `id` is in it or no more sets may be made. */
  with(set: number, id: number): number;
  /** The members of a set, in the order they were added. */
  members(set: number): readonly number[];
  /** Approximate heap bytes held. */
  bytes(): number;
}

/**
 * Creates a table of interned sets, each at most `maxSize` members.
 * @example
 * const sets = createIdSets();
 * let names = 0;
 * names = sets.with(names, internedName);
 */
export function createIdSets(maxSets = 20_000, maxSize = 32): IdSets {
  const sets: number[][] = [[]];
  const index = new Map<string, number>([['', 0]]);
  let bytes = 0;
  return {
    with(set, id) {
      const members = sets[set];
      if (members.includes(id) || members.length >= maxSize) return set;
      const grown = [...members, id];
      const key = grown.join(',');
      let found = index.get(key);
      if (found === undefined) {
        if (sets.length >= maxSets) return set;
        found = sets.push(grown) - 1;
        index.set(key, found);
        bytes += 100 + grown.length * 8 + key.length * 2;
      }
      return found;
    },
    members: (set) => sets[set],
    bytes: () => bytes,
  };
}
