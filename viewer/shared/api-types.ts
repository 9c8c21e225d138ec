import type { ForwardingStatus } from '../../lib/forward/forward-status.js';
import type { GenAiSummary } from './gen-ai-summary.js';

/**
 * Types of the viewer's JSON API (README "The viewer"; docs/architecture.md#contracts), shared by the server, the UI, tests and scripts.
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
 * The input and output of an application span: a tool call, chain, workflow, task or agent (MCP tool calls included),
 * read from GenAI `gen_ai.tool.call.*`, the AI SDK's `ai.toolCall.*`, Traceloop's `traceloop.entity.*` or
 * OpenInference's `input.value` / `output.value`. Values are JSON when the sender wrote JSON; null when not captured.
 */
export interface EntityView {
  /** `tool`, `workflow`, `task`, `agent`, `chain`, `retriever` ... */
  kind: string;
  name: string | null;
  input: unknown;
  output: unknown;
  toolCallId?: string;
}

/**
 * The normalized gen_ai view of a span, read from whichever dialect the sender used: for an LLM call the scalar
 * summary (`GenAiSummary`: provider, models, tokens incl. cache and reasoning, cost) plus the conversation; for an
 * application span (tool, workflow, agent ...) its `entity` input and output, with the summary's fields null unless
 * the sender set them. Model calls are the views `isModelCall` accepts.
 */
export interface GenAiView extends GenAiSummary {
  inputMessages: NormalizedMessage[] | null;
  outputMessages: NormalizedMessage[] | null;
  systemInstructions: MessagePart[] | null;
  /** Input and output of a tool, chain, workflow or agent span; absent or null for LLM calls. */
  entity?: EntityView | null;
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
  /** The root span's name: the earliest span without a parent; until one arrives, the earliest span. */
  name: string;
  serviceName: string;
  startTimeUnixNano: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  /** Model calls, each counted once (an SDK span wrapping our HTTP-level span is one call). */
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Cost of the calls with a known price; `unpricedCalls` says how many calls it leaves out (never silent). */
  costUsd: number | null;
  unpricedCalls: number;
  models: string[];
  /** The session (conversation) and user the trace's spans name, if any. */
  sessionId: string | null;
  userId: string | null;
  /** False while the trace's root span (a span without a parent) has not arrived: it is still in flight. */
  hasRoot: boolean;
}

/** Totals over every trace a query matched (not only the page returned). */
export interface TraceTotals {
  traces: number;
  spans: number;
  errors: number;
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  unpricedCalls: number;
}

/** Answer of `GET /api/traces`: a page of traces, newest first, how many match in all, and how to get the next page. */
export interface TracesResponse {
  traces: TraceSummary[];
  /** Traces matching the filters in all. */
  total: number;
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next: string | null;
  totals: TraceTotals;
}

/** One session (conversation) across its traces. */
export interface SessionSummary {
  sessionId: string;
  userId: string | null;
  traceCount: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  errorCount: number;
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  unpricedCalls: number;
}

/** Answer of `GET /api/sessions`: most recently active first. */
export interface SessionsResponse {
  sessions: SessionSummary[];
  total: number;
  next: string | null;
}

/** One row of `GET /api/breakdown?by=...`: the matching traces' totals for one model, service, user or session. */
export interface BreakdownRow {
  /** The model, service, user or session; '' for traces without one. */
  key: string;
  traces: number;
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  unpricedCalls: number;
  errors: number;
}

export interface BreakdownResponse {
  by: 'model' | 'service' | 'user' | 'session';
  rows: BreakdownRow[];
}

export interface TraceResponse {
  traceId: string;
  spans: StoredSpan[];
}

/**
 * Forwarding: the combined counters `/api/health` has always had (`target`, `sent`, `failed`, `queued`, `dropped`,
 * `lastError`; `target` null when forwarding is off) plus `targets`, each target's own state, bounds and dropped
 * spans by reason. No credentials in any of it. The forwarder in `lib/forward` (shared with the relay) defines the
 * shape, so the API cannot drift from what it reports.
 */
export type { ForwardingStatus, ForwarderStatus, DroppedSpans } from '../../lib/forward/forward-status.js';

export interface HealthResponse {
  ok: boolean;
  /** Traces (with at least one span) and spans held now. */
  traces: number;
  spans: number;
  /** Spans and traces evicted to stay within the memory budget, since start. */
  droppedSpans: number;
  evictedTraces: number;
  /** Spans received again (an exporter retrying a batch that did arrive): stored once, counted here. */
  resentSpans: number;
  /** Spans refused (invalid ids, too big for the store), since start. */
  rejectedSpans: number;
  /** Exports answered 503 (Retry-After) because the viewer had too much in flight; exporters send them again. */
  shedRequests: number;
  /** OTLP log records: GenAI events kept with their spans, and the records dropped, by reason. */
  logs: { stored: number; droppedNotGenAi: number; droppedNoTraceContext: number };
  forwarding: ForwardingStatus;
  /** Bytes the span store uses now (records plus index), and its budget (what `--max-memory` leaves it). */
  bytes?: number;
  maxBytes?: number;
  /** The viewer process's memory, in bytes; `budget` is `--max-memory` (null when embedded without one). */
  memory?: { rss: number; heapTotal: number; heapUsed: number; external: number; budget: number | null };
  /** `--persist`: the file, its size, and what loading it found (null when not persisting). */
  persist?: { file: string; bytes: number; loadedSpans: number; damagedRecords: number } | null;
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
