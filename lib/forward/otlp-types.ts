/**
 * OTLP trace data in its canonical JSON form (the OTLP/HTTP JSON encoding): ids are lowercase hex, 64-bit integers
 * are decimal strings, enums are numbers. Both decoders produce this shape and the encoder consumes it, so the
 * viewer, the forwarder and the relay share one representation.
 */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** Decimal string (64-bit safe). */
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values: OtlpAnyValue[] };
  kvlistValue?: { values: OtlpKeyValue[] };
  /** Base64. */
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpEvent {
  timeUnixNano: string;
  name: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  traceState?: string;
  /** Empty string when the span is a root. */
  parentSpanId: string;
  flags?: number;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events: OtlpEvent[];
  droppedEventsCount?: number;
  links: OtlpLink[];
  droppedLinksCount?: number;
  status: { code: number; message?: string };
}

export interface OtlpScopeSpans {
  scope: { name: string; version?: string; attributes?: OtlpKeyValue[] };
  spans: OtlpSpan[];
  schemaUrl?: string;
}

export interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[]; droppedAttributesCount?: number };
  scopeSpans: OtlpScopeSpans[];
  schemaUrl?: string;
}

/** `ExportTraceServiceRequest`. */
export interface OtlpTraceRequest {
  resourceSpans: OtlpResourceSpans[];
}

/** One OTLP `LogRecord` in canonical JSON form: ids are lowercase hex, '' when the record has no trace context. */
export interface OtlpLogRecord {
  /** When the event happened; '0' when the sender did not say. */
  timeUnixNano: string;
  /** When the SDK saw it; '0' when absent. */
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText?: string;
  /** Absent when the record has no body. */
  body?: OtlpAnyValue;
  attributes: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId: string;
  spanId: string;
  /** The event's name (`LogRecord.event_name`, field 12); older senders put it in the `event.name` attribute. */
  eventName?: string;
}

export interface OtlpScopeLogs {
  scope: { name: string; version?: string; attributes?: OtlpKeyValue[] };
  logRecords: OtlpLogRecord[];
  schemaUrl?: string;
}

export interface OtlpResourceLogs {
  resource: { attributes: OtlpKeyValue[]; droppedAttributesCount?: number };
  scopeLogs: OtlpScopeLogs[];
  schemaUrl?: string;
}

/** `ExportLogsServiceRequest`. */
export interface OtlpLogsRequest {
  resourceLogs: OtlpResourceLogs[];
}

/**
 * Counts the log records in a request.
 * @example countLogRecords({ resourceLogs: [] }) // 0
 */
export function countLogRecords(request: OtlpLogsRequest): number {
  let n = 0;
  for (const rl of request.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}

/** Thrown by the decoders when a payload cannot be read at all (the receiver answers 400). */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
}

/**
 * Counts the spans in a request.
 * @example countSpans({ resourceSpans: [] }) // 0
 */
export function countSpans(request: OtlpTraceRequest): number {
  let n = 0;
  for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}
