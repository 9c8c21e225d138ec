/**
 * `tracelight/relay`: receive OTLP from your own browser pages on your server and forward it upstream with
 * credentials that never reach the browser. Web APIs only: works in Node, Hono, Next.js route handlers and edge runtimes.
 */
export { createRelay, type Relay } from './relay/create-relay.js';
export type { RelayOptions } from './relay/relay-options.js';
export { toNodeHandler, type NodeLikeRequest, type NodeLikeResponse } from './relay/to-node-handler.js';
export {
  resolveForwardConfig,
  ForwardConfigError,
  type ForwardConfig,
  type ForwardEnv,
  type ForwardTarget,
  type ForwardTargetInit,
} from './forward/forward-config.js';
export type { ForwarderOptions, ForwarderStatus, ForwardingStatus, DroppedSpans } from './forward/create-forwarder.js';
