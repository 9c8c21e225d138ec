/**
 * Fitting a text result into a byte budget without ever cutting silently. A result is rendered from units (traces,
 * spans, fields, hits) whose long texts are clips: each clip shows as many characters as the budget allows and the
 * renderer writes a marker for what it left out. Fitting first keeps as many whole units as fit with their clips at
 * a minimum, then shares the rest of the budget out fairly (water-filling: short texts whole, long ones cut to one
 * level), cutting the most expendable tier first.
 */

/** A long text inside a result. */
export interface Clip {
  /** The text from `from` on (the whole field when `from` is 0). */
  text: string;
  /** Where `text` starts in its field, in characters (for reading a long field page by page). */
  from: number;
  /** Characters shown (set by fitting; all of `text` at first). */
  cap: number;
  /** Characters kept at least while units are being dropped. */
  min: number;
  /** 0 is cut last; higher tiers are cut first. */
  tier: number;
}

/**
 * A clip over `text` (from character `from` of its field), shown whole until fitting says otherwise.
 * @example const clip = makeClip('a long completion', { min: 100 });
 */
export function makeClip(text: string, options: { from?: number; min?: number; tier?: number } = {}): Clip {
  return { text, from: options.from ?? 0, cap: text.length, min: options.min ?? 120, tier: options.tier ?? 0 };
}

/**
 * The characters of a clip that are shown (never half of a surrogate pair).
 * @example shownText(clip)
 */
export function shownText(clip: Clip): string {
  let end = Math.min(clip.cap, clip.text.length);
  if (end < clip.text.length && end > 0) {
    const code = clip.text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
  }
  return clip.text.slice(0, end);
}

/**
 * Characters of the field left out after what a clip shows (0 when it shows the rest of the field).
 * @example leftOut(clip) // 1047576
 */
export function leftOut(clip: Clip): number {
  return clip.text.length - shownText(clip).length;
}

/** UTF-8 bytes of a string. */
export const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** What "only a little longer than its floor" means, in bytes. */
const SMALL_REST = 256;

/**
 * Shares `room` bytes out among the clips above their floors: the tier cut last (0) first, and within a tier
 * fairly (water-filling: every clip up to one level, short ones whole). `perChar` is each clip's UTF-8 bytes per
 * character, so multi-byte text is counted as it will be written.
 */
function share(clips: readonly Clip[], floors: readonly number[], perChar: readonly number[], room: number): void {
  clips.forEach((c, i) => (c.cap = floors[i]));
  // Texts only a little longer than their floor are shown whole first, whatever their tier: a few bytes each.
  const small = clips.map((_, i) => i).filter((i) => clips[i].text.length > floors[i] && (clips[i].text.length - floors[i]) * perChar[i] <= SMALL_REST);
  small.sort((a, b) => clips[a].text.length - floors[a] - (clips[b].text.length - floors[b]));
  for (const i of small) {
    const cost = (clips[i].text.length - floors[i]) * perChar[i];
    if (cost > room) break;
    clips[i].cap = clips[i].text.length;
    room -= cost;
  }
  const tiers = [...new Set(clips.map((c) => c.tier))].sort((a, b) => a - b);
  for (const tier of tiers) {
    if (room <= 0) break;
    const group = clips.map((_, i) => i).filter((i) => clips[i].tier === tier && clips[i].text.length > clips[i].cap);
    if (!group.length) continue;
    const cost = (level: number) => {
      let total = 0;
      for (const i of group) total += (Math.min(clips[i].text.length, Math.max(level, floors[i])) - floors[i]) * perChar[i];
      return total;
    };
    const top = Math.max(...group.map((i) => clips[i].text.length));
    if (cost(top) <= room) {
      for (const i of group) clips[i].cap = clips[i].text.length;
      room -= cost(top);
      continue;
    }
    // The highest level whose cost fits the room.
    let lo = 0;
    let hi = top;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (cost(mid) <= room) lo = mid;
      else hi = mid - 1;
    }
    for (const i of group) clips[i].cap = Math.min(clips[i].text.length, Math.max(lo, floors[i]));
    room = 0;
  }
}

/**
 * Sets the clips' caps so that `render()` fits `budget` bytes: every clip at least at its minimum (or at nothing,
 * with `ignoreMin`), the rest of the budget shared out (see `share`). Returns the rendering: over the budget only
 * when the minimums alone do not fit.
 * @example const text = fitClips(clips, () => render(), 20_000);
 */
export function fitClips(clips: readonly Clip[], render: () => string, budget: number, ignoreMin = false): string {
  for (const c of clips) c.cap = c.text.length;
  let text = render();
  if (byteLength(text) <= budget) return text;
  const floors = clips.map((c) => (ignoreMin ? 0 : Math.min(c.min, c.text.length)));
  const perChar = clips.map((c) => (c.text.length ? Math.max(1, byteLength(c.text) / c.text.length) : 1));
  clips.forEach((c, i) => (c.cap = floors[i]));
  const base = byteLength(render());
  if (base > budget) return render();
  // Markers of cut clips are in `base`; a clip shown whole drops its marker, so the estimate errs on the safe side.
  let room = budget - base;
  for (let round = 0; round < 12; round++) {
    share(clips, floors, perChar, room);
    text = render();
    const over = byteLength(text) - budget;
    if (over <= 0) return text;
    room -= over + 16;
    if (room <= 0) break;
  }
  clips.forEach((c, i) => (c.cap = floors[i]));
  return render();
}

/** What a paged result needs from its tool. */
export interface PagedDocument {
  /** Units that could be shown (from the requested offset on). */
  count: number;
  /** The clips of unit `i`. */
  clipsOf(i: number): readonly Clip[];
  /** The whole result showing the first `shown` units (with a footer that says how to get the rest). */
  render(shown: number): string;
}

/**
 * Renders as many units as fit the budget with their clips at least at their minimum, then gives the clips of the
 * units shown the rest of the budget. At least one unit is always shown (its clips cut to nothing if need be); the
 * result is cut hard (and says so) only when even that is over the budget.
 * @example const { text, shown } = fitPaged({ count: spans.length, clipsOf, render }, 20_000);
 */
export function fitPaged(doc: PagedDocument, budget: number, fence?: { open: string; close: string }): { text: string; shown: number } {
  const all = (k: number) => {
    const out: Clip[] = [];
    for (let i = 0; i < k; i++) out.push(...doc.clipsOf(i));
    return out;
  };
  const clips = all(doc.count);
  for (const c of clips) c.cap = c.text.length;
  const whole = doc.render(doc.count);
  if (byteLength(whole) <= budget || doc.count === 0) return { text: fitHard(whole, budget, fence), shown: doc.count };
  for (const c of clips) c.cap = Math.min(c.min, c.text.length);
  let lo = 1;
  let hi = doc.count;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (byteLength(doc.render(mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  const shown = lo;
  const kept = all(shown);
  for (const c of kept) c.cap = c.text.length;
  let text = fitClips(kept, () => doc.render(shown), budget);
  if (byteLength(text) > budget) text = fitClips(kept, () => doc.render(shown), budget, true);
  return { text: fitHard(text, budget, fence), shown };
}

/**
 * The last resort: a text still over the budget is cut at it, with a line that says so (and a quote left open is
 * closed first, so nothing after the cut reads as content).
 * @example fitHard(text, 20_000)
 */
export function fitHard(text: string, budget: number, fence?: { open: string; close: string }): string {
  if (byteLength(text) <= budget) return text;
  const note = `\n[result cut at the ${budget}-byte budget: ask again with a larger max_bytes or a narrower request]`;
  const room = Math.max(0, budget - byteLength(note) - (fence ? byteLength(fence.close) : 0));
  let cut = Buffer.from(text, 'utf8').subarray(0, room).toString('utf8');
  if (cut.endsWith('\ufffd')) cut = cut.slice(0, -1);
  if (fence && cut.lastIndexOf(fence.open) > cut.lastIndexOf(fence.close)) cut += fence.close;
  return cut + note;
}
