import type { StringTable } from './string-table.js';

/**
 * Small sets of interned string ids (a trace's span names, its models), themselves interned and reference-counted: a
 * trace keeps one set number instead of an array of its own, 100,000 traces of one app share a handful of sets, and
 * a set goes away with the last trace that used it (so do its strings). A set holds at most `maxSize` members; a
 * trace whose set is full says so (`isFull`), and the store then answers searches about it from its records.
 */
export interface IdSets {
  /**
   * The set `set` plus `id` (set 0 is the empty set): takes a reference to the result and drops one from `set`.
   * Returns `set` itself when `id` is already in it or it is full.
   */
  with(set: number, id: number): number;
  /** Drops a trace's reference to a set. */
  release(set: number): void;
  members(set: number): readonly number[];
  isFull(set: number): boolean;
  /** Approximate heap bytes held. */
  bytes(): number;
}

const setBytes = (members: readonly number[], key: string) => 120 + members.length * 8 + key.length * 2;

/**
 * Creates a table of interned sets over a string table (members hold a reference to their strings).
 * @example
 * const sets = createIdSets(strings);
 * let names = 0;
 * names = sets.with(names, strings.acquire('GET /'));
 */
export function createIdSets(strings: StringTable, maxSize = 64): IdSets {
  const sets: number[][] = [[]];
  const keys: string[] = [''];
  const refs: number[] = [Infinity];
  const index = new Map<string, number>([['', 0]]);
  const free: number[] = [];
  let bytes = 0;

  function release(set: number): void {
    if (set <= 0 || --refs[set] > 0) return;
    for (const id of sets[set]) strings.release(id);
    index.delete(keys[set]);
    bytes -= setBytes(sets[set], keys[set]);
    sets[set] = [];
    keys[set] = '';
    free.push(set);
  }

  return {
    with(set, id) {
      const members = sets[set];
      if (members.includes(id) || members.length >= maxSize) return set;
      const grown = [...members, id];
      const key = grown.join(',');
      let found = index.get(key);
      if (found === undefined) {
        found = free.pop() ?? sets.length;
        sets[found] = grown;
        keys[found] = key;
        refs[found] = 0;
        index.set(key, found);
        for (const m of grown) strings.retain(m);
        bytes += setBytes(grown, key);
      }
      refs[found]++;
      release(set);
      return found;
    },
    release,
    members: (set) => sets[set],
    isFull: (set) => sets[set].length >= maxSize,
    bytes: () => bytes,
  };
}
