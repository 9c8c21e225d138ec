import type { ForwarderStatus } from '../../lib/forward/create-forwarder.js';
import type { GenAiSummary } from './gen-ai-summary.js';

/**
 * Types of the viewer's JSON API (DESIGN "Viewer contracts"), shared by the server, the UI, tests and scripts.
 * Times in `...UnixNano` fields are decimal strings; attribute values keep their OTLP types.
 */

/** An OTLP attribute value after decoding (JSON-friendly: int64 become numbers when safe, else strings). */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue }
  | { bytes: string };

export type Attributes = Record<string, AttributeValue>;

export interface SpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** OTLP status: code 0 unset, 1 ok, 2 error. */
export interface SpanStatus {
  code: 0 | 1 | 2;
  message?: string;
}

/** One part of a normalized message (`{ type: 'text', content }`, `{ type: 'tool_call', id, name, arguments }` ...). */
export type MessagePart = { type: string; [key: string]: unknown };

/** A message in the normalized `{ role, parts }` shape. */
export interface NormalizedMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
  finish_reason?: string;
}

/**
 * The normalized gen_ai view of an LLM span, read from whichever dialect the sender used: the scalar summary
 * (`GenAiSummary`: provider, models, tokens incl. cache and reasoning, cost) plus the conversation.
 */
export interface GenAiView extends GenAiSummary {
  inputMessages: NormalizedMessage[] | null;
  outputMessages: NormalizedMessage[] | null;
  systemInstructions: MessagePart[] | null;
}

/** Span kind as OTLP numbers it: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export type SpanKindNumber = 0 | 1 | 2 | 3 | 4 | 5;

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKindNumber;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: SpanStatus;
  attributes: Attributes;
  events: SpanEvent[];
  links?: SpanLink[];
  resource: { attributes: Attributes };
  scope: { name: string; version?: string };
  genAi: GenAiView | null;
}

export interface TraceSummary {
  traceId: string;
  name: string;
  serviceName: string;
  startTimeUnixNano: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  models: string[];
  /**
   * False while the trace's root span has not arrived (the trace is still in flight, and its name is a child's that
   * may change). Optional until every server sends it; the UI derives nothing when it is absent.
   */
  hasRoot?: boolean;
}

export interface TracesResponse {
  traces: TraceSummary[];
}

export interface TraceResponse {
  traceId: string;
  spans: StoredSpan[];
}

/**
 * Forwarding counters (`target` has no credentials in it; null when forwarding is off). The forwarder in `lib/forward`
 * (shared with the relay) defines the shape, so the API cannot drift from what it reports.
 */
export type ForwardingStatus = ForwarderStatus;

export interface HealthResponse {
  ok: boolean;
  traces: number;
  spans: number;
  droppedSpans: number;
  forwarding: ForwardingStatus;
  /** Bytes the span store uses now (records plus index), and its budget (what `--max-memory` leaves it). */
  bytes?: number;
  maxBytes?: number;
  /** The viewer process's memory, in bytes; `budget` is `--max-memory` (null when embedded without one). */
  memory?: { rss: number; heapTotal: number; heapUsed: number; external: number; budget: number | null };
}

/** Answer of `POST /api/import` (an OTLP JSON file). */
export interface ImportResponse {
  ok: boolean;
  /** Spans stored. */
  imported: number;
  /** Traces the imported spans belong to. */
  traceIds: string[];
  /** Spans left out for invalid ids or field types. */
  rejectedSpans: number;
}
