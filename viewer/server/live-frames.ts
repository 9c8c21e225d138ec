/** Caps of one live `spans` message. */
export interface LiveFrameLimits {
  /** Spans (or, in a summaries-only message, summaries) per message. */
  maxItems: number;
  /** Characters of JSON per message; one item bigger than this still goes, alone. */
  maxChars: number;
}

/** Defaults: a flood of 100k spans/s becomes many ~1 MB messages, never one of tens of megabytes. */
export const DEFAULT_LIVE_FRAME_LIMITS: LiveFrameLimits = { maxItems: 500, maxChars: 1024 * 1024 };

const frame = (spans: string[], traces: string[]) => `{"type":"spans","spans":[${spans.join(',')}],"traces":[${traces.join(',')}]}`;

/**
 * Packs serialized spans into `spans` messages within the limits; each message carries the summaries of the traces
 * its spans belong to, so every message stands on its own.
 * @example spanFrames([[traceId, JSON.stringify(span)]], new Map([[traceId, JSON.stringify(summary)]]), DEFAULT_LIVE_FRAME_LIMITS);
 */
export function spanFrames(
  spans: ReadonlyArray<readonly [traceId: string, json: string]>,
  summaries: ReadonlyMap<string, string>,
  limits: LiveFrameLimits,
): string[] {
  const frames: string[] = [];
  let chunk: string[] = [];
  let traces = new Map<string, string>();
  let chars = 0;
  for (const [traceId, json] of spans) {
    let summary = traces.has(traceId) ? undefined : summaries.get(traceId);
    if (chunk.length && (chunk.length >= limits.maxItems || chars + json.length + (summary?.length ?? 0) + 2 > limits.maxChars)) {
      frames.push(frame(chunk, [...traces.values()]));
      chunk = [];
      traces = new Map();
      chars = 0;
      summary = summaries.get(traceId);
    }
    if (summary !== undefined) {
      traces.set(traceId, summary);
      chars += summary.length + 1;
    }
    chunk.push(json);
    chars += json.length + 1;
  }
  if (chunk.length) frames.push(frame(chunk, [...traces.values()]));
  return frames;
}

/**
 * Packs serialized trace summaries into `spans` messages without spans, within the limits.
 * @example summaryFrames([JSON.stringify(summary)], DEFAULT_LIVE_FRAME_LIMITS);
 */
export function summaryFrames(summaries: Iterable<string>, limits: LiveFrameLimits): string[] {
  const frames: string[] = [];
  let chunk: string[] = [];
  let chars = 0;
  for (const json of summaries) {
    if (chunk.length && (chunk.length >= limits.maxItems || chars + json.length + 1 > limits.maxChars)) {
      frames.push(frame([], chunk));
      chunk = [];
      chars = 0;
    }
    chunk.push(json);
    chars += json.length + 1;
  }
  if (chunk.length) frames.push(frame([], chunk));
  return frames;
}
