import { diag, propagation, trace, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { TracedCall } from '../providers/call-tracer.js';
import { recordLlmSpanException } from '../spans/llm-span.js';
import { readJsonRpcRequests, type JsonRpcRequest } from './json-rpc-message.js';
import { startMcpSpan, endMcpSpan, type McpSpan } from './mcp-span.js';
import { observeMcpResponse } from './observe-mcp-response.js';

/** Options of `mcp()`. */
export interface McpOptions {
  /**
   * Put each request span's `traceparent` (and `tracestate`, `baggage`) into the request's `params._meta`, as the
   * MCP conventions describe, so an instrumented server continues the trace. Off by default: it changes the bytes
   * sent, and servers may not expect it.
   */
  propagateContext?: boolean;
}

// Injecting with a fixed propagator works even when the app registered none globally.
const traceContext = /* @__PURE__ */ new W3CTraceContextPropagator();

/**
 * Traces one MCP Streamable HTTP POST: a CLIENT span per JSON-RPC request or notification in the body (a batch
 * gives several), each ended by its own response in the JSON or SSE answer. Returns the very Response the fetch
 * resolved to; a failed fetch rejects with its own error.
 *
 * @example
 * return traceMcpCall(call, { propagateContext: false });
 */
export function traceMcpCall(call: TracedCall, options: McpOptions): Promise<Response> {
  let spans: McpSpan[];
  let body: string | undefined;
  let spanContext: Context | undefined;
  try {
    const messages = readJsonRpcRequests(call.request.body) ?? [];
    spans = messages.map((message) => startMcpSpan(call, message));
    if (spans.length === 1) spanContext = trace.setSpan(call.parent, spans[0]!.span);
    if (options.propagateContext && call.bodyReplaceable) body = withMetaContext(call.request.body, messages, spans, call.parent);
  } catch (error) {
    diag.debug('tracelight: could not start MCP spans', error);
    return call.send();
  }
  return call.send({ body, context: spanContext }).then(
    (response) => {
      try {
        observeMcpResponse(response, spans, call);
      } catch (error) {
        diag.debug('tracelight: could not observe the MCP response', error);
        for (const traced of spans) endMcpSpan(traced);
      }
      return response;
    },
    (error: unknown) => {
      for (const traced of spans) {
        recordLlmSpanException(traced.span, error);
        endMcpSpan(traced);
      }
      throw error; // the very same error object
    },
  );
}

/** The body re-serialized with each request's span context in `params._meta` (notifications too: they have spans). */
function withMetaContext(body: unknown, messages: JsonRpcRequest[], spans: McpSpan[], parent: Context): string | undefined {
  messages.forEach((message, i) => {
    const carrier: Record<string, string> = {};
    const ctx = trace.setSpan(parent, spans[i]!.span);
    traceContext.inject(ctx, carrier, { set: (c, k, v) => (c[k] = v) });
    propagation.inject(ctx, carrier);
    const params = (message.params ??= {});
    const meta = (params._meta && typeof params._meta === 'object' ? params._meta : (params._meta = {})) as Record<string, unknown>;
    Object.assign(meta, carrier);
  });
  return JSON.stringify(body);
}
