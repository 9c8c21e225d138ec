import type { ContextManager } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ProviderList } from '../providers/call-tracer.js';
import type { RedactHook } from '../content/content-options.js';
import type { PropagateTraceTo } from './url-matcher.js';

/** Wire encoding of OTLP/HTTP export. */
export type OtlpProtocol = 'http/json' | 'http/protobuf';

/** `batch` queues spans and exports them every second; `immediate` exports each span as it ends (scripts, tests). */
export type ExportMode = 'batch' | 'immediate';

/**
 * Options for `init`. In Node and edge runtimes with `process.env`, the OTel and Traceloop environment variables take
 * part too (`resolveExportConfig` gives the order).
 *
 * @example
 * init({ serviceName: 'support-bot', captureContent: true, propagateTraceTo: ['https://api.example.com'] });
 */
export interface InitOptions {
  /** `service.name` of the resource (Node: `OTEL_SERVICE_NAME` wins). */
  serviceName?: string;
  /** OTLP/HTTP traces URL; a bare origin (empty path) gets `/v1/traces` appended. */
  endpoint?: string;
  /** Extra export headers. */
  headers?: Record<string, string>;
  /** Traceloop API key: exports to Traceloop (unless an endpoint is set) with `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Default: `http/protobuf` in Node, `http/json` elsewhere. */
  protocol?: OtlpProtocol;
  /** Default `batch` (Node: `TRACELIGHT_EXPORT_MODE=immediate` switches). */
  exportMode?: ExportMode;
  /** Record prompts, completions, system instructions and tool definitions. Default true. */
  captureContent?: boolean;
  /** Cap per content attribute, in characters. Default 100000. */
  maxContentLength?: number;
  /** Redact or drop content before it is put on a span. */
  redact?: RedactHook;
  /** Patch `globalThis.fetch`. Default true. */
  patchFetch?: boolean;
  /** Extra adapters and call tracers (e.g. `mcp({ propagateContext: true })`), tried before the built-in ones. */
  providers?: ProviderList;
  /** Origins/regexes/predicate that get a W3C `traceparent` header. Default: none (never LLM providers). */
  propagateTraceTo?: PropagateTraceTo;
  /**
   * An LLM response whose body the app never starts reading ends its span this long after it arrived (at the
   * response headers, marked `tracelight.response.unread: "timeout"`), or sooner when it is garbage-collected
   * (`"garbage_collected"`). Default 60 s.
   */
  unreadResponseTimeoutMs?: number;
  /** Extra resource attributes. */
  resourceAttributes?: Record<string, string | number | boolean>;
  /** Replace the exporting span processor(s) entirely (tests, custom pipelines). */
  spanProcessors?: SpanProcessor[];
  /** Replace the OTLP exporter (still wrapped in the batch/immediate processor). */
  exporter?: SpanExporter;
  /** Context manager to register (browser: e.g. `new ZoneContextManager()` from `@opentelemetry/context-zone`). */
  contextManager?: ContextManager;
}
