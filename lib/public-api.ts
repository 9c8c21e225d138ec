/**
 * The names every platform entry exports besides `init`, `flush` and `shutdown` (which differ per platform in their
 * hooks, never in shape, so code written against one entry runs on every platform) and `wrapFetch`/`tracedFetch` (which differ between the default
 * entries and `tracelight/core` in their default providers). Only public API here, no internals.
 */

export type { InitOptions, OtlpProtocol, ExportMode } from './options/init-options.js';
export type { RedactHook, ContentAttributeName } from './content/content-options.js';
export type { PropagateTraceTo } from './options/url-matcher.js';
export type { WrapFetchOptions } from './fetch/wrap-fetch-options.js';
export type { EntityOptions } from './context/entity-spans.js';
export type { AssociationProperties } from './context/association-properties.js';
export type { IncomingHeaders } from './context/continue-trace.js';
export type {
  ProviderAdapter,
  GenAiRequest,
  GenAiResponse,
  ChatMessage,
  MessagePart,
  StreamAccumulator,
  StreamEvent,
  StreamFraming,
  Usage,
  RequestParams,
  RequestInfo,
} from './providers/provider-adapter.js';
export type { CallTracer, TracedCall, Provider, ProviderList } from './providers/call-tracer.js';
export type { McpOptions } from './mcp/trace-mcp-call.js';
export type { WrapFetch } from './fetch/wrap-fetch.js';
export { withWorkflow, withTask, withAgent, withTool } from './context/entity-spans.js';
export { withAssociationProperties } from './context/association-properties.js';
export { continueTrace } from './context/continue-trace.js';
