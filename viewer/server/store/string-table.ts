/**
 * Interned strings with reference counts: span names, models, services, session and user ids are kept once however
 * many traces use them, and a string goes away with the last trace that referred to it. There is no cap: a sender
 * inventing a name per span costs memory, which the store's byte budget counts and pays for by evicting traces.
 */
export interface StringTable {
  /** The id of `text`, interned if new; takes a reference. */
  acquire(text: string): number;
  /** Takes another reference to an id. */
  retain(id: number): void;
  /** Drops a reference; the string is freed with the last one. Ids below 0 (none) are ignored. */
  release(id: number): void;
  text(id: number): string;
  /** Approximate heap bytes held. */
  bytes(): number;
}

// A string's heap cost: its characters (two bytes each, at worst), the map entry and the array slots.
const entryBytes = (text: string) => 80 + text.length * 2;

/**
 * Creates an empty string table.
 * @example
 * const strings = createStringTable();
 * const id = strings.acquire('chat gpt-4o');
 * strings.release(id);
 */
export function createStringTable(): StringTable {
  const texts: string[] = [];
  const refs: number[] = [];
  const index = new Map<string, number>();
  const free: number[] = [];
  let bytes = 0;
  return {
    acquire(text) {
      let id = index.get(text);
      if (id !== undefined) {
        refs[id]++;
        return id;
      }
      id = free.pop() ?? texts.length;
      texts[id] = text;
      refs[id] = 1;
      index.set(text, id);
      bytes += entryBytes(text);
      return id;
    },
    retain(id) {
      if (id >= 0) refs[id]++;
    },
    release(id) {
      if (id < 0 || --refs[id] > 0) return;
      const text = texts[id];
      index.delete(text);
      texts[id] = '';
      free.push(id);
      bytes -= entryBytes(text);
    },
    text: (id) => (id >= 0 ? texts[id] : ''),
    bytes: () => bytes,
  };
}
