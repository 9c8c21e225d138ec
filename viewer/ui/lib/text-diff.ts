/** A run of text that both sides share, or that only the left (`del`) or the right (`add`) has. */
export interface DiffSegment {
  op: 'same' | 'add' | 'del';
  text: string;
}

/** Largest middle part (after trimming the common start and end) diffed word by word; beyond, it is one replacement. */
const MAX_CELLS = 4_000_000;

/**
 * A word-level diff of two texts (whitespace runs are tokens too, so the segments put back together give each
 * side exactly). The common start and end are trimmed first, so an edit in a long prompt costs little; a middle part
 * too large to compare shows as one deletion and one addition.
 *
 * @example
 * diffText('It is 18 °C in Paris', 'It is 22 °C in Paris');
 * // [{ op: 'same', text: 'It is ' }, { op: 'del', text: '18' }, { op: 'add', text: '22' }, { op: 'same', text: ' °C in Paris' }]
 */
export function diffText(left: string, right: string): DiffSegment[] {
  if (left === right) return left ? [{ op: 'same', text: left }] : [];
  const a = tokenize(left);
  const b = tokenize(right);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffSegment[] = [];
  push(out, 'same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) {
    push(out, 'del', midA.join(''));
    push(out, 'add', midB.join(''));
  } else {
    for (const [op, token] of lcsDiff(midA, midB)) push(out, op, token);
  }
  push(out, 'same', a.slice(endA).join(''));
  return out;
}

/**
 * Whether a diff has any change.
 *
 * @example
 * hasChanges(diffText('a', 'a')); // false
 */
export function hasChanges(segments: readonly DiffSegment[]): boolean {
  return segments.some((s) => s.op !== 'same');
}

function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function push(out: DiffSegment[], op: DiffSegment['op'], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last?.op === op) last.text += text;
  else out.push({ op, text });
}

/** Classic LCS table walk; deletions before additions within a change, so a replacement reads "old, then new". */
function lcsDiff(a: string[], b: string[]): Array<[DiffSegment['op'], string]> {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const out: Array<[DiffSegment['op'], string]> = [];
  let i = 0;
  let j = 0;
  let adds: string[] = [];
  const flushAdds = () => {
    for (const t of adds) out.push(['add', t]);
    adds = [];
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flushAdds();
      out.push(['same', a[i]]);
      i++;
      j++;
    } else if (j < m && (i >= n || table[i * width + j + 1] >= table[(i + 1) * width + j])) {
      adds.push(b[j++]);
    } else {
      out.push(['del', a[i++]]);
    }
  }
  flushAdds();
  return out;
}
