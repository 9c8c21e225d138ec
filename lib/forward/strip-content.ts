import type { OtlpAnyValue, OtlpKeyValue, OtlpSpan, OtlpTraceRequest } from './otlp-types.js';
import { isContentAttribute, isContentEventAttribute, isContentLogBody, MESSAGE_EVENT_SCALARS } from './content-registry.js';

export { isContentAttribute } from './content-registry.js';

function keepAttributes(list: OtlpKeyValue[]): OtlpKeyValue[] {
  return list.filter((kv) => !isContentAttribute(kv.key));
}

function stripSpan(s: OtlpSpan): OtlpSpan {
  return {
    ...s,
    attributes: keepAttributes(s.attributes),
    events: s.events.map((e) => ({ ...e, attributes: e.attributes.filter((kv) => !isContentEventAttribute(e.name, kv.key)) })),
  };
}

/**
 * A copy of a request without content (prompts, completions, system instructions, tool definitions, arguments and
 * results, entity inputs and outputs, embedding inputs) in every dialect of the content registry, span events
 * included; the input is left untouched so the local view keeps the content. Ids, timing, models, token counts,
 * finish reasons and errors stay.
 * @example forwarder.enqueue(stripContent(request))
 */
export function stripContent(request: OtlpTraceRequest): OtlpTraceRequest {
  return {
    resourceSpans: request.resourceSpans.map((rs) => ({
      ...rs,
      scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: ss.spans.map(stripSpan) })),
    })),
  };
}

/** The parts of an OTLP log record that can hold content (OTLP JSON field names, as `OtlpTraceRequest` uses them). */
export interface ContentLogRecord {
  /** OTLP 1.5+ `event_name`; older senders put it in the `event.name` attribute. */
  eventName?: string;
  body?: OtlpAnyValue;
  attributes?: OtlpKeyValue[];
}

/** An OTLP logs request (`ExportLogsServiceRequest`) in the canonical JSON shape, with whatever else it carries. */
export interface ContentLogsRequest<R extends ContentLogRecord = ContentLogRecord> {
  resourceLogs: Array<{ scopeLogs: Array<{ logRecords: R[] }> }>;
}

function eventNameOf(record: ContentLogRecord): string | undefined {
  if (record.eventName) return record.eventName;
  return record.attributes?.find((kv) => kv.key === 'event.name')?.value.stringValue;
}

/** A GenAI message body keeps only its scalar fields (`index`, `finish_reason`, `role`). */
function stripBody(body: OtlpAnyValue | undefined): OtlpAnyValue | undefined {
  if (!body?.kvlistValue) return undefined;
  const values = body.kvlistValue.values.filter((kv) => MESSAGE_EVENT_SCALARS.has(kv.key));
  return values.length ? { kvlistValue: { values } } : undefined;
}

/**
 * A copy of a logs request without content: GenAI message events (`gen_ai.user.message`, `gen_ai.choice`,
 * `gen_ai.client.inference.operation.details` ...) lose their body and content attributes, other records lose the
 * content attributes of the registry. For whoever forwards logs; the input is left untouched.
 * @example upstream.send(stripLogsContent(logsRequest))
 */
export function stripLogsContent<R extends ContentLogRecord, T extends ContentLogsRequest<R>>(request: T): T {
  return {
    ...request,
    resourceLogs: request.resourceLogs.map((rl) => ({
      ...rl,
      scopeLogs: rl.scopeLogs.map((sl) => ({
        ...sl,
        logRecords: sl.logRecords.map((record) => {
          const name = eventNameOf(record);
          const out: R = { ...record };
          if (record.attributes) out.attributes = record.attributes.filter((kv) => !isContentEventAttribute(name ?? '', kv.key));
          if (isContentLogBody(name)) {
            const body = stripBody(record.body);
            if (body) out.body = body;
            else delete out.body;
          }
          return out;
        }),
      })),
    })),
  };
}
