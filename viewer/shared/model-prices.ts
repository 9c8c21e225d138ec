/**
 * Model prices in USD per one million tokens, used to estimate a span's cost.
 *
 * As of 2025-08, from the vendors' public price pages (OpenAI: openai.com/api/pricing, Anthropic:
 * anthropic.com/pricing, Google: ai.google.dev/gemini-api/docs/pricing), standard (non-batch) tier, shortest context
 * tier where prices are tiered; Anthropic's 4.5 family (Haiku 4.5 Oct 2025, Opus 4.5 Nov 2025, cheaper than Opus 4/4.1)
 * added from the same page in 2025-11. Prompt-cache prices are those pages' figures for the same dates: OpenAI's
 * "cached input"; Anthropic's "cache hits" (0.1 x input) and 5-minute "cache writes" (1.25 x input; 1-hour writes
 * cost 2 x input, which the span attributes do not tell apart); Gemini's context-caching price per token (its
 * per-hour storage charge is not a token price and is left out). OpenAI and Gemini charge no premium to write the
 * cache, so writes cost the input price. Not re-checked since: prices change, so treat costs as estimates; extend or
 * override the table with `--prices FILE` (a JSON object
 * `{ "model-name-or-prefix": { "input": 1.5, "output": 6, "cacheRead": 0.15, "cacheWrite": 1.875 } }`, cache
 * prices optional).
 */
export const MODEL_PRICES_DATE = '2025-08';

/** USD per one million tokens. Cache prices default to the input price when absent. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Input tokens read from the prompt cache. */
  cacheRead?: number;
  /** Input tokens written to the prompt cache. */
  cacheWrite?: number;
}

/** Model name (or name prefix) to price. */
export type PriceTable = Record<string, ModelPrice>;

/**
 * The built-in table; keys match a model exactly or as a prefix (longest wins), so dated names such as
 * `gpt-4o-2024-08-06` or `claude-3-5-sonnet-20241022` find their family.
 * @example DEFAULT_MODEL_PRICES['gpt-4o-mini'] // { input: 0.15, output: 0.6, cacheRead: 0.075 }
 */
export const DEFAULT_MODEL_PRICES: Readonly<PriceTable> = Object.freeze({
  // OpenAI
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60, cacheRead: 7.5 },
  'o1-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  o3: { input: 2, output: 8, cacheRead: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
  // Anthropic
  'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-1': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-opus-4': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'claude-3-7-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-5-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  'claude-3-opus': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-3-sonnet': { input: 3, output: 15 },
  'claude-3-haiku': { input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },
  // Google Gemini
  'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.31 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.075 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  'gemini-1.5-pro': { input: 1.25, output: 5, cacheRead: 0.3125 },
  'gemini-1.5-flash': { input: 0.075, output: 0.3, cacheRead: 0.01875 },
  'text-embedding-004': { input: 0, output: 0 },
});

const PRICE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite'] as const;

/**
 * The built-in table with a user's additions or overrides on top (keys are lowercased).
 * Throws on a malformed entry, so `--prices FILE` mistakes surface at start.
 * @example const table = createPriceTable({ 'my-model': { input: 1, output: 2, cacheRead: 0.1 } });
 */
export function createPriceTable(extra?: Record<string, unknown>): PriceTable {
  const table: PriceTable = { ...DEFAULT_MODEL_PRICES };
  for (const [name, price] of Object.entries(extra ?? {})) {
    const p = price as Partial<Record<string, unknown>> | null;
    const valid = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
    if (!p || typeof p !== 'object' || !valid(p.input) || !valid(p.output)) {
      throw new TypeError(`price for "${name}" must be { "input": number, "output": number } (USD per 1M tokens)`);
    }
    for (const key of Object.keys(p)) {
      if (!(PRICE_FIELDS as readonly string[]).includes(key)) {
        throw new TypeError(`price for "${name}" has an unknown field "${key}" (known: ${PRICE_FIELDS.join(', ')})`);
      }
      if (!valid(p[key])) throw new TypeError(`price for "${name}": "${key}" must be a number >= 0 (USD per 1M tokens)`);
    }
    const entry: ModelPrice = { input: p.input as number, output: p.output as number };
    if (p.cacheRead !== undefined) entry.cacheRead = p.cacheRead as number;
    if (p.cacheWrite !== undefined) entry.cacheWrite = p.cacheWrite as number;
    table[name.toLowerCase()] = entry;
  }
  return table;
}

// Senders prefix names with a provider or path: "openai/gpt-4o", "models/gemini-1.5-pro", "anthropic.claude-3-haiku".
function candidates(model: string): string[] {
  const m = model.trim().toLowerCase();
  const out = [m];
  const slash = m.lastIndexOf('/');
  if (slash >= 0) out.push(m.slice(slash + 1));
  const dot = m.match(/^(?:[a-z]+\.)?(?:anthropic|openai|google|meta|us|eu)\.(.+)$/);
  if (dot) out.push(dot[1]);
  return out;
}

/**
 * Finds a model's price: exact name first, then the longest table key the name starts with (followed by `-`, `@`,
 * `:` or the end, so `gpt-4o` does not price `gpt-4o-mini` when the latter is known). Null when unknown.
 * @example findModelPrice(DEFAULT_MODEL_PRICES, 'gpt-4o-2024-08-06') // { input: 2.5, output: 10, cacheRead: 1.25 }
 */
export function findModelPrice(table: PriceTable, model: string | null | undefined): ModelPrice | null {
  if (!model) return null;
  // Looked up for every LLM span at ingest: remember each model's answer per table (tables are not changed after
  // they are made; a table's cache goes with the table).
  let cache = priceCache.get(table);
  if (!cache) priceCache.set(table, (cache = new Map()));
  let found = cache.get(model);
  if (found === undefined) {
    found = lookUp(table, model);
    if (cache.size < 10_000) cache.set(model, found);
  }
  return found;
}

const priceCache = new WeakMap<PriceTable, Map<string, ModelPrice | null>>();

function lookUp(table: PriceTable, model: string): ModelPrice | null {
  for (const name of candidates(model)) {
    if (table[name]) return table[name];
    let best: string | null = null;
    for (const key of Object.keys(table)) {
      if (name.startsWith(key) && /^[-@:]|^$/.test(name.slice(key.length)) && (!best || key.length > best.length)) {
        best = key;
      }
    }
    if (best) return table[best];
  }
  return null;
}

/** The prompt-cache parts of a call's input tokens (both are included in its input count). */
export interface CacheTokens {
  cacheReadInputTokens?: number | null;
  cacheCreationInputTokens?: number | null;
}

/**
 * The cost in USD of a call at a price: cache reads at the cache-read price, cache writes at the cache-write price,
 * the rest of the input at the input price (each cache price falls back to the input price when the table has none),
 * output at the output price. `inputTokens` includes the cached tokens, as the GenAI conventions count them.
 * @example costAtPrice({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }, 2574, 58, { cacheReadInputTokens: 2048, cacheCreationInputTokens: 512 })
 */
export function costAtPrice(price: ModelPrice, inputTokens: number | null, outputTokens: number | null, cache: CacheTokens = {}): number {
  const read = cache.cacheReadInputTokens ?? 0;
  const write = cache.cacheCreationInputTokens ?? 0;
  const uncached = Math.max(0, (inputTokens ?? 0) - read - write);
  const cost =
    (uncached * price.input +
      read * (price.cacheRead ?? price.input) +
      write * (price.cacheWrite ?? price.input) +
      (outputTokens ?? 0) * price.output) /
    1_000_000;
  return Math.round(cost * 1e9) / 1e9;
}

/**
 * Estimated cost in USD of a call; null when the model is unknown or no token counts were reported.
 * @example estimateCostUsd(DEFAULT_MODEL_PRICES, 'gpt-4o-mini', 1000, 500) // 0.00045
 */
export function estimateCostUsd(
  table: PriceTable,
  model: string | null | undefined,
  inputTokens: number | null,
  outputTokens: number | null,
  cache?: CacheTokens,
): number | null {
  const price = findModelPrice(table, model);
  if (!price || (inputTokens == null && outputTokens == null)) return null;
  return costAtPrice(price, inputTokens, outputTokens, cache);
}
