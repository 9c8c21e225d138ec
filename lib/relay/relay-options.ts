import type { ForwarderOptions } from '../forward/create-forwarder.js';
import type { ForwardConfig, ForwardEnv, ForwardTargetInit } from '../forward/forward-config.js';

/**
 * Options of `createRelay`.
 * @example
 * const options: RelayOptions = { allowedOrigins: ['https://app.example.com'], env: process.env, stripContent: true };
 */
export interface RelayOptions {
  /**
   * Origins allowed to post spans, exactly as browsers send them (`https://app.example.com`), or a predicate.
   * Requests from any other origin get 403; requests with no Origin get 403 unless `allowNoOrigin`.
   */
  allowedOrigins: readonly string[] | ((origin: string) => boolean);
  /** Accept requests that carry no Origin header (server-to-server). Default false. */
  allowNoOrigin?: boolean;
  /**
   * Where to forward: a config with one or more targets, or a single target `{ url, headers }`. Default: read from
   * `env` like the viewer (`TRACELIGHT_FORWARD`, `TRACELOOP_API_KEY`, the bounds ...).
   */
  forward?: ForwardConfig | ForwardTargetInit;
  /** Environment to read the forwarding setup from, e.g. `process.env` in Node or `env` in a Worker. */
  env?: ForwardEnv;
  /** Strip prompt/completion content before forwarding, for every target (overrides `TRACELIGHT_FORWARD_CONTENT`). */
  stripContent?: boolean;
  /** Largest accepted body after decompression. Default 5 MiB. */
  maxBodyBytes?: number;
  /**
   * Wait until the spans were sent upstream before answering. Use on serverless platforms that freeze the function
   * after the response, unless you pass `waitUntil`. Default false (queue and answer at once).
   */
  flushBeforeResponse?: boolean;
  /** A platform's `waitUntil` (Vercel, Cloudflare `ctx.waitUntil`): the relay hands it the upstream send. */
  waitUntil?: (promise: Promise<unknown>) => void;
  forwarderOptions?: ForwarderOptions;
}
