import {
  ItemRejected,
  anyValue,
  enumValue,
  field,
  id,
  int64,
  isObj,
  keyValues,
  list,
  readItems,
  readResource,
  readSchemaUrl,
  readScope,
  str,
  uint,
} from './otlp-json-values.js';
import { OtlpDecodeError, type OtlpLogRecord, type OtlpLogsRequest } from './otlp-types.js';

/** Result of reading OTLP logs JSON: the records that could be read plus the count and reasons of those that could not. */
export interface ReadOtlpLogsJsonResult {
  request: OtlpLogsRequest;
  rejectedLogRecords: number;
  errors: string[];
}

// SeverityNumber names (opentelemetry-proto logs.proto): TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24.
const SEVERITIES: Record<string, number> = { SEVERITY_NUMBER_UNSPECIFIED: 0 };
['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].forEach((name, i) => {
  SEVERITIES[`SEVERITY_NUMBER_${name}`] = i * 4 + 1;
  for (let n = 2; n <= 4; n++) SEVERITIES[`SEVERITY_NUMBER_${name}${n}`] = i * 4 + n;
});

function readLogRecord(r: unknown): OtlpLogRecord {
  if (!isObj(r)) throw new ItemRejected('logRecord must be an object');
  const body = field(r, 'body');
  return {
    timeUnixNano: int64(field(r, 'timeUnixNano', 'time_unix_nano'), 'logRecord.timeUnixNano'),
    observedTimeUnixNano: int64(field(r, 'observedTimeUnixNano', 'observed_time_unix_nano'), 'logRecord.observedTimeUnixNano'),
    severityNumber: enumValue(field(r, 'severityNumber', 'severity_number'), SEVERITIES, 'logRecord.severityNumber'),
    severityText: str(field(r, 'severityText', 'severity_text'), 'logRecord.severityText', ItemRejected) || undefined,
    body: body == null ? undefined : anyValue(body, 'logRecord.body'),
    attributes: keyValues(list(r, 'attributes', undefined, 'logRecord', ItemRejected), 'logRecord.attributes'),
    droppedAttributesCount: uint(field(r, 'droppedAttributesCount', 'dropped_attributes_count')),
    flags: uint(r.flags),
    traceId: id(field(r, 'traceId', 'trace_id'), 16, 'logRecord.traceId'),
    spanId: id(field(r, 'spanId', 'span_id'), 8, 'logRecord.spanId'),
    eventName: str(field(r, 'eventName', 'event_name'), 'logRecord.eventName', ItemRejected) || undefined,
  };
}

/**
 * Reads an OTLP/HTTP JSON `ExportLogsServiceRequest` (already `JSON.parse`d) into the canonical form, with the same
 * proto3 JSON leniency as `readTraceRequestJson` (snake_case or camelCase, int64 as numbers or strings, enums as
 * numbers or names, ids as hex or base64). Structural errors throw `OtlpDecodeError`; a record with bad field types
 * is left out and counted.
 * @example const { request, rejectedLogRecords } = readLogsRequestJson(JSON.parse(text));
 */
export function readLogsRequestJson(value: unknown): ReadOtlpLogsJsonResult {
  if (!isObj(value)) throw new OtlpDecodeError('body must be a JSON object');
  const tally = { rejected: 0, errors: [] as string[] };
  const resourceLogs = list(value, 'resourceLogs', 'resource_logs', 'request', OtlpDecodeError).map((rl) => {
    if (!isObj(rl)) throw new OtlpDecodeError('resourceLogs[] must be objects');
    const resource = readResource(rl);
    const scopeLogs = list(rl, 'scopeLogs', 'scope_logs', 'resourceLogs', OtlpDecodeError).map((sl) => {
      if (!isObj(sl)) throw new OtlpDecodeError('scopeLogs[] must be objects');
      const scope = readScope(sl);
      const logRecords = readItems(list(sl, 'logRecords', 'log_records', 'scopeLogs', OtlpDecodeError), readLogRecord, tally);
      return { scope, schemaUrl: readSchemaUrl(sl), logRecords };
    });
    return { resource, schemaUrl: readSchemaUrl(rl), scopeLogs };
  });
  return { request: { resourceLogs }, rejectedLogRecords: tally.rejected, errors: tally.errors };
}
