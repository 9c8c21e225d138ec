import type { SpanEvent, SpanKindNumber, StoredSpan } from '../../shared/api-types.js';
import { decodeLogRecordProtobuf, decodeSpanProtobuf } from '../../../lib/forward/decode-otlp-protobuf.js';
import { anyValueToAttribute, keyValuesToAttributes } from './attribute-values.js';
import { RECORD_HEADER_BYTES, SPAN_PREFIX_BYTES } from './record-format.js';
import type { ResourceTable } from './resource-table.js';

/** Where the OTLP message of a span or log record starts. */
export const MESSAGE_AT = RECORD_HEADER_BYTES + SPAN_PREFIX_BYTES;

/**
 * A span record as the API serves it (without its `genAi` view, which the caller computes once the span's log
 * events are attached). Throws `OtlpDecodeError` for a record whose message cannot be decoded.
 * @example const span = spanOfRecord(log.record(n), traceId, resources);
 */
export function spanOfRecord(record: Buffer, traceId: string, resources: ResourceTable): StoredSpan {
  const s = decodeSpanProtobuf(record.subarray(MESSAGE_AT));
  const { resource, scope } = resources.view(record.readUInt32LE(RECORD_HEADER_BYTES));
  const code = s.status.code === 1 || s.status.code === 2 ? s.status.code : 0;
  const span: StoredSpan = {
    traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId || null,
    name: s.name,
    kind: (s.kind >= 0 && s.kind <= 5 ? s.kind : 0) as SpanKindNumber,
    startTimeUnixNano: s.startTimeUnixNano,
    endTimeUnixNano: s.endTimeUnixNano,
    status: s.status.message ? { code, message: s.status.message } : { code },
    attributes: keyValuesToAttributes(s.attributes),
    events: s.events.map((e) => ({ name: e.name, timeUnixNano: e.timeUnixNano, attributes: keyValuesToAttributes(e.attributes) })),
    resource,
    scope,
    genAi: null,
  };
  if (s.links.length) {
    span.links = s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: keyValuesToAttributes(l.attributes) }));
  }
  return span;
}

/**
 * A log record (a GenAI event sent as an OTLP log) as the span event it stands for: the event name, its time, and its
 * attributes plus the body under `body` (a structured body stays an object, a text body a string).
 * @example const { spanId, event } = eventOfLogRecord(log.record(n));
 */
export function eventOfLogRecord(record: Buffer): { spanId: string; event: SpanEvent } {
  const l = decodeLogRecordProtobuf(record.subarray(MESSAGE_AT));
  const attributes = keyValuesToAttributes(l.attributes);
  const name = l.eventName ?? (typeof attributes['event.name'] === 'string' ? attributes['event.name'] : '');
  if (l.body) attributes.body = anyValueToAttribute(l.body);
  const time = l.timeUnixNano !== '0' ? l.timeUnixNano : l.observedTimeUnixNano;
  return { spanId: l.spanId, event: { name, timeUnixNano: time, attributes } };
}
