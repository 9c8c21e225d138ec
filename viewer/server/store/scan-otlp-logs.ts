import protobuf from 'protobufjs';
import { OtlpDecodeError } from '../../../lib/forward/otlp-types.js';
import { fail, isZero, last, ranges } from './protobuf-walk.js';

/** One log record as the scanner found it (one object reused for every record: copy what you keep). */
export interface ScannedLog {
  /** The `LogRecord` message is `buf[start, end)`. */
  buf: Uint8Array;
  start: number;
  end: number;
  /** Offsets of the 16-byte trace id and 8-byte span id; -1 when the record has no (valid) trace context. */
  traceIdAt: number;
  spanIdAt: number;
  /** `event_name`, else the `event.name` attribute, else ''. */
  eventName: string;
}

/** What the scanner calls, in wire order. */
export interface LogScanVisitor {
  group(resource: Uint8Array, scope: Uint8Array): void;
  log(record: ScannedLog): void;
}

/** The `event.name` attribute of a `KeyValue` at `[start, end)`, or null. */
function eventNameAttribute(r: protobuf.Reader, start: number, end: number): string | null {
  let key = '';
  let value: string | null = null;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) key = r.string();
    else if (tag >>> 3 === 2 && (tag & 7) === 2) {
      const valueEnd = r.uint32() + r.pos;
      while (r.pos < valueEnd) {
        const inner = r.uint32();
        if (inner >>> 3 === 1 && (inner & 7) === 2) value = r.string();
        else r.skipType(inner & 7);
      }
    } else r.skipType(tag & 7);
  }
  return key === 'event.name' ? value : null;
}

function scanLog(r: protobuf.Reader, l: ScannedLog): void {
  let traceLength = 0;
  let spanLength = 0;
  let eventAttribute: string | null = null;
  l.traceIdAt = l.spanIdAt = -1;
  l.eventName = '';
  r.pos = l.start;
  while (r.pos < l.end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if ((field === 9 || field === 10) && wire === 2) {
      const length = r.uint32();
      if (field === 9) (l.traceIdAt = r.pos), (traceLength = length);
      else (l.spanIdAt = r.pos), (spanLength = length);
      r.pos += length;
    } else if (field === 12 && wire === 2) l.eventName = r.string();
    else if (field === 6 && wire === 2 && eventAttribute === null) {
      const end = r.uint32() + r.pos;
      eventAttribute = eventNameAttribute(r, r.pos, end);
      r.pos = end;
    } else r.skipType(wire);
    if (r.pos > l.end) fail('length past the end of the log record');
  }
  if (r.pos !== l.end) fail('log record ends inside a field');
  if (!l.eventName && eventAttribute) l.eventName = eventAttribute;
  if (traceLength !== 16 || spanLength !== 8 || isZero(l.buf, l.traceIdAt, 16) || isZero(l.buf, l.spanIdAt, 8)) l.traceIdAt = l.spanIdAt = -1;
}

/**
 * Walks an OTLP `ExportLogsServiceRequest` in protobuf without decoding it: for each log record, the byte range of
 * its `LogRecord` message, its trace context and its event name. Throws `OtlpDecodeError` for malformed protobuf.
 * @example scanLogsRequest(body, { group() {}, log(l) { if (l.eventName.startsWith('gen_ai.')) keep(l); } });
 */
export function scanLogsRequest(buf: Uint8Array, visitor: LogScanVisitor): void {
  const r = protobuf.Reader.create(buf);
  const resourceLogs: number[] = [];
  const scopeLogs: number[] = [];
  const records: number[] = [];
  const l: ScannedLog = { buf, start: 0, end: 0, traceIdAt: -1, spanIdAt: -1, eventName: '' };
  try {
    ranges(r, 0, buf.length, 1, resourceLogs);
    for (let i = 0; i < resourceLogs.length; i += 2) {
      const resource = last(r, resourceLogs[i], resourceLogs[i + 1], 1, buf);
      ranges(r, resourceLogs[i], resourceLogs[i + 1], 2, scopeLogs);
      for (let j = 0; j < scopeLogs.length; j += 2) {
        const scope = last(r, scopeLogs[j], scopeLogs[j + 1], 1, buf);
        ranges(r, scopeLogs[j], scopeLogs[j + 1], 2, records);
        if (!records.length) continue;
        visitor.group(resource, scope);
        for (let k = 0; k < records.length; k += 2) {
          l.start = records[k];
          l.end = records[k + 1];
          scanLog(r, l);
          visitor.log(l);
        }
      }
    }
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    fail((error as Error).message);
  }
}

/**
 * Scans one `LogRecord` message (a stored record's payload) the same way as records inside a request.
 * @example const l = scanLogMessage(bytes);
 */
export function scanLogMessage(buf: Uint8Array): ScannedLog {
  const r = protobuf.Reader.create(buf);
  const l: ScannedLog = { buf, start: 0, end: buf.length, traceIdAt: -1, spanIdAt: -1, eventName: '' };
  try {
    scanLog(r, l);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    fail((error as Error).message);
  }
  return l;
}
