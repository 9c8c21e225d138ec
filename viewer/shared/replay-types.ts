import type { NormalizedMessage } from './api-types.js';

/**
 * Types of the replay API (`GET /api/replay`, `POST /api/replay`): send an LLM call again, edited, from the viewer
 * server with credentials from its own environment. Shared by the server and the UI.
 */

/** The wire formats a call can be replayed in. */
export type ReplayWire = 'openai-chat' | 'anthropic-messages' | 'gemini-generate' | 'ollama-chat';

/** Which provider's credentials a wire format uses. */
export type ReplayProvider = 'openai' | 'anthropic' | 'gemini' | 'ollama';

/** The parameters a replay can set (the `gen_ai.request.*` names). */
export interface ReplayParameters {
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
  top_k?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  seed?: number;
  stop_sequences?: string[];
}

/** One provider's key as `GET /api/replay` reports it (never the key itself). */
export interface ReplayKeyStatus {
  provider: ReplayProvider;
  /** The environment variable the viewer reads the key from (`OPENAI_API_KEY`); null when none is needed. */
  keyVariable: string | null;
  keySet: boolean;
  /** The origin the key is sent to (its `*_BASE_URL`, else the provider's own API); null when no key is set. */
  keyOrigin: string | null;
  /** The variable that moves the key to another host (`OPENAI_BASE_URL`). */
  baseUrlVariable: string | null;
}

/** Answer of `GET /api/replay`. */
export interface ReplayCapabilities {
  keys: ReplayKeyStatus[];
  /** Calls to a loopback host (Ollama, vLLM, a local gateway) are replayed without a key. */
  loopbackWithoutKey: true;
}

/** Body of `POST /api/replay`. */
export interface ReplayRequest {
  traceId: string;
  spanId: string;
  model: string;
  /** System instructions as text (null: none). */
  system: string | null;
  /** The conversation to send, in the normalized `{ role, parts }` shape. */
  messages: NormalizedMessage[];
  parameters: ReplayParameters;
  stream: boolean;
  /** The user confirmed this send (the UI asks every time); the server refuses a body without it. */
  confirmed: true;
}

/** Answer of `POST /api/replay` (200): the new span, linked to the original, already in the store. */
export interface ReplayResult {
  ok: true;
  traceId: string;
  spanId: string;
  /** HTTP status the provider answered. */
  status: number;
  /** Where the call went (no credentials in it). */
  url: string;
  /** The key variable whose key was sent, or null when none was. */
  keyVariable: string | null;
}

/** Answer of `POST /api/replay` when it is refused or fails before a span exists (4xx/5xx). */
export interface ReplayError {
  ok: false;
  error: string;
  /** The variable to set to allow this replay, when that is what is missing. */
  keyVariable?: string;
}

/** Answer of `GET /api/replay?traceId=&spanId=`: whether and where that span's call would be replayed. */
export interface ReplayCheck {
  ok: boolean;
  /** Why not, when `ok` is false (the variable to set, the host the key belongs to, an unsupported call ...). */
  error?: string;
  /** The variable that holds (or would hold) the key for this call; null when no key is needed. */
  keyVariable: string | null;
  /** Whether a key would be sent (false for a loopback host without a key of its own). */
  sendsKey: boolean;
  wire?: ReplayWire;
  /** Where the call would go (no credentials in it). */
  url?: string;
  /** What the editor starts from: the recorded model, system text, messages, parameters and stream flag. */
  draft?: Omit<ReplayRequest, 'confirmed' | 'traceId' | 'spanId'>;
}
