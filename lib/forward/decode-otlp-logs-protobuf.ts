import { bytesToHex } from './hex-bytes.js';
import type { OtlpLogRecord, OtlpLogsRequest } from './otlp-types.js';
import { decodeOtlpMessage, getOtlpMessageTypes } from './otlp-message-types.js';
import { anyValueOf, decodeOrThrow, keyValuesOf, resourceOf, scopeOf, u64 } from './otlp-protobuf-values.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs reflection messages are untyped */

function logRecord(r: any): OtlpLogRecord {
  return {
    timeUnixNano: u64(r.timeUnixNano),
    observedTimeUnixNano: u64(r.observedTimeUnixNano),
    severityNumber: r.severityNumber,
    severityText: r.severityText || undefined,
    body: r.body ? anyValueOf(r.body) : undefined,
    attributes: keyValuesOf(r.attributes),
    droppedAttributesCount: r.droppedAttributesCount || undefined,
    flags: r.flags || undefined,
    traceId: bytesToHex(r.traceId),
    spanId: bytesToHex(r.spanId),
    eventName: r.eventName || undefined,
  };
}

/**
 * Decodes an OTLP `ExportLogsServiceRequest` in protobuf into the canonical JSON form. Throws `OtlpDecodeError` when
 * the bytes are not a valid message.
 * @example const request = decodeLogsRequestProtobuf(bytes); countLogRecords(request)
 */
export function decodeLogsRequestProtobuf(bytes: Uint8Array): OtlpLogsRequest {
  const message: any = decodeOrThrow(() => decodeOtlpMessage(getOtlpMessageTypes().logsRequest, bytes));
  return {
    resourceLogs: (message.resourceLogs as any[]).map((rl) => ({
      resource: resourceOf(rl.resource),
      schemaUrl: rl.schemaUrl || undefined,
      scopeLogs: (rl.scopeLogs as any[]).map((sl) => ({
        scope: scopeOf(sl.scope),
        schemaUrl: sl.schemaUrl || undefined,
        logRecords: (sl.logRecords as any[]).map(logRecord),
      })),
    })),
  };
}

/**
 * Decodes one OTLP `LogRecord` message (the span store keeps GenAI log records in this form).
 * @example const record = decodeLogRecordProtobuf(bytes);
 */
export function decodeLogRecordProtobuf(bytes: Uint8Array): OtlpLogRecord {
  return logRecord(decodeOrThrow(() => decodeOtlpMessage(getOtlpMessageTypes().logRecord, bytes)));
}
