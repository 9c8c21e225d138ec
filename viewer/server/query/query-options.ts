import type { ContinueHints } from './continue-hints.js';
import { MCP_HINTS } from './continue-hints.js';

/** Default byte budget of a result: about 5,000 tokens, a small share of an agent's context window. */
export const DEFAULT_MAX_BYTES = 20_000;
/** Budgets a caller may ask for. */
export const MIN_MAX_BYTES = 1_000;
export const MAX_MAX_BYTES = 1_000_000;

/** What every query takes besides its own arguments. */
export interface QueryOptions {
  /** Byte budget of the text result (UTF-8). Default {@link DEFAULT_MAX_BYTES}. */
  maxBytes?: number;
  /** How the result says what it left out. Default: as MCP tool calls. */
  hints?: ContinueHints;
  /** The current time in Unix milliseconds (relative `since` values count back from it). */
  now?: number;
}

/** A query's answer: the text an agent or a terminal reads (within the budget), and the same content as data. */
export interface QueryResult<T> {
  text: string;
  data: T;
}

/** Resolved options. */
export function resolveOptions(options: QueryOptions = {}): { maxBytes: number; hints: ContinueHints; now: number } {
  const maxBytes = Math.min(MAX_MAX_BYTES, Math.max(MIN_MAX_BYTES, Math.floor(options.maxBytes ?? DEFAULT_MAX_BYTES)));
  return { maxBytes, hints: options.hints ?? MCP_HINTS, now: options.now ?? Date.now() };
}

/** Thrown for arguments a query cannot use (the HTTP API answers 400, MCP an error result). */
export class QueryArgumentError extends Error {}

/** Thrown when what was asked for is not (or no longer) in the viewer (404). */
export class QueryNotFoundError extends Error {}
