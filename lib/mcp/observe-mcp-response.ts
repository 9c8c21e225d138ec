import type { TracedCall } from '../providers/call-tracer.js';
import { observeResponseReads, type ReadObserver, type ReadOutcome } from '../streaming/observe-response-reads.js';
import { createSseFramer } from '../streaming/sse-framer.js';
import { MAX_FRAME_BUFFER } from '../streaming/stream-framer.js';
import { createChunkDecoder, type ChunkDecoder } from '../streaming/chunk-decoder.js';
import { recordLlmSpanException } from '../spans/llm-span.js';
import * as sc from '../spans/semconv.js';
import { jsonRpcResponses } from './json-rpc-message.js';
import { endMcpSpan, failMcpSpan, finishMcpSpan, type McpSpan } from './mcp-span.js';

/** Largest JSON answer kept for parsing when it is read through `body` (an SSE answer is parsed event by event). */
const MAX_JSON_BYTES = 8 * 1024 * 1024;

/**
 * Finishes the spans of one MCP POST from its answer, as the caller reads it (the Response keeps its identity; see
 * `observeResponseReads`): each JSON-RPC response in the JSON body or in the SSE events ends the span of its request
 * id. `202 Accepted` (notifications) ends them at once. An HTTP error marks every span with its JSON-RPC error code
 * when the body has one, else with the status. Spans still waiting when reading ends are marked failed: the answer
 * ended without their response.
 *
 * @example
 * observeMcpResponse(response, spans, call);
 */
export function observeMcpResponse(response: Response, spans: McpSpan[], call: TracedCall): void {
  const sessionId = response.headers.get('mcp-session-id');
  if (sessionId) for (const traced of spans) if (!traced.hasSession) traced.span.setAttribute(sc.ATTR_MCP_SESSION_ID, sessionId);
  const waiting = new Map<string, McpSpan>();
  for (const traced of spans) {
    if (traced.id !== undefined) waiting.set(traced.id, traced);
    else endMcpSpan(traced); // a notification is done once the server took it (202)
  }
  const status = response.status;
  if (waiting.size === 0 || !response.body) {
    endWaiting(waiting, response.ok ? undefined : String(status));
    return;
  }
  const onMessage = (value: unknown) => {
    for (const answer of jsonRpcResponses(value)) {
      const id = typeof answer.id === 'string' || typeof answer.id === 'number' ? String(answer.id) : undefined;
      const traced = id === undefined ? undefined : waiting.get(id);
      if (traced) {
        waiting.delete(id!);
        finishMcpSpan(traced, answer, call);
      } else if (id === undefined && answer.error) {
        // An error without an id (e.g. "Bad Request: no valid session") answers every request of this POST.
        for (const pending of waiting.values()) finishMcpSpan(pending, answer, call);
        waiting.clear();
      }
    }
  };
  const isSse = response.ok && /event-stream/i.test(response.headers.get('content-type') ?? '');
  const observer = isSse ? sseObserver(onMessage) : jsonObserver(onMessage);
  const end = observer.end;
  observer.end = (outcome) => {
    try {
      end(outcome);
    } finally {
      finishReading(waiting, outcome, response.ok ? undefined : String(status));
    }
  };
  observeResponseReads(response, observer, call.signal);
}

function sseObserver(onMessage: (value: unknown) => void): ReadObserver {
  const framer = createSseFramer((event) => {
    if (event.kind !== 'sse' || !event.data) return;
    try {
      onMessage(JSON.parse(event.data));
    } catch {
      // not JSON (a keep-alive or a foreign event): skip it
    }
  }, MAX_FRAME_BUFFER);
  const decoder = createChunkDecoder();
  return {
    chunk: (bytes) => framer.feed(decoder.decode(bytes)),
    whole: (body) => {
      if ('text' in body) framer.feed(body.text);
    },
    end: () => {
      framer.feed(decoder.end());
      framer.end();
    },
  };
}

function jsonObserver(onMessage: (value: unknown) => void): ReadObserver {
  let decoder: ChunkDecoder | undefined;
  let text = '';
  let size = 0;
  let parsed: unknown;
  return {
    chunk(bytes) {
      size += bytes.byteLength;
      if (size <= MAX_JSON_BYTES) text += (decoder ??= createChunkDecoder()).decode(bytes);
    },
    whole(body) {
      if ('json' in body) parsed = body.json;
      else text = body.text;
    },
    end() {
      if (parsed === undefined && text && size <= MAX_JSON_BYTES) {
        try {
          parsed = JSON.parse(decoder ? text + decoder.end() : text);
        } catch {
          return;
        }
      }
      if (parsed !== undefined) onMessage(parsed);
    },
  };
}

function finishReading(waiting: Map<string, McpSpan>, outcome: ReadOutcome, httpError: string | undefined): void {
  if (outcome.kind === 'error' || outcome.kind === 'abort') {
    for (const traced of waiting.values()) {
      recordLlmSpanException(traced.span, outcome.kind === 'error' ? outcome.error : outcome.reason);
      endMcpSpan(traced);
    }
    waiting.clear();
    return;
  }
  if (outcome.kind === 'unread') {
    for (const traced of waiting.values()) endMcpSpan(traced, outcome.arrivedAt);
    waiting.clear();
    return;
  }
  endWaiting(waiting, httpError ?? (outcome.kind === 'cancel' ? undefined : 'no_response'));
}

/** Ends the spans still waiting: failed with `errorType` when given. */
function endWaiting(waiting: Map<string, McpSpan>, errorType: string | undefined): void {
  for (const traced of waiting.values()) {
    if (errorType) failMcpSpan(traced, errorType, errorType === 'no_response' ? 'the answer ended without a response to this request' : undefined);
    else endMcpSpan(traced);
  }
  waiting.clear();
}
