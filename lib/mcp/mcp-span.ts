import { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import type { TracedCall } from '../providers/call-tracer.js';
import { serializeContent } from '../content/serialize-content.js';
import { claimToolSpan } from '../context/tool-span-context.js';
import * as sc from '../spans/semconv.js';
import { requestIdOf, type JsonRpcRequest, type JsonRpcResponse } from './json-rpc-message.js';

/** One JSON-RPC request or notification being traced, on its own span or on the app's `withTool` span. */
export interface McpSpan {
  span: Span;
  /** False when the span is the app's `withTool` span: the app ends it, not us. */
  owned: boolean;
  method: string;
  /** `jsonrpc.request.id`, undefined for notifications. */
  id?: string;
  /** Whether the request carried `Mcp-Session-Id` (else the response's header is recorded, as for `initialize`). */
  hasSession: boolean;
}

const TOOLS_CALL = 'tools/call';

/**
 * Starts the CLIENT span of one MCP message per the GenAI MCP conventions: name `{mcp.method.name} {target}` (the
 * tool or prompt name), `mcp.method.name`, `jsonrpc.request.id`, `mcp.session.id` and `mcp.protocol.version` from
 * the transport headers, `gen_ai.operation.name=execute_tool` and `gen_ai.tool.name` for `tools/call` (and its
 * arguments when content capture is on), `gen_ai.prompt.name`, `mcp.resource.uri`. A `tools/call` made inside the
 * app's `withTool` of the same tool name gets these attributes on that span instead of a new one.
 *
 * @example
 * const traced = startMcpSpan(call, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'add' } });
 */
export function startMcpSpan(call: TracedCall, message: JsonRpcRequest): McpSpan {
  const { request } = call;
  const method = message.method;
  const params = message.params && typeof message.params === 'object' ? message.params : undefined;
  const name = typeof params?.name === 'string' ? params.name : undefined;
  const sessionId = request.headers.get('mcp-session-id') ?? undefined;
  const attributes: Attributes = { ...call.contextAttributes, [sc.ATTR_MCP_METHOD_NAME]: method };
  const id = requestIdOf(message);
  if (id !== undefined) attributes[sc.ATTR_JSONRPC_REQUEST_ID] = id;
  if (message.jsonrpc !== '2.0') attributes[sc.ATTR_JSONRPC_PROTOCOL_VERSION] = message.jsonrpc;
  if (sessionId) attributes[sc.ATTR_MCP_SESSION_ID] = sessionId;
  const version = request.headers.get('mcp-protocol-version') ?? (method === 'initialize' ? stringOf(params?.protocolVersion) : undefined);
  if (version) attributes[sc.ATTR_MCP_PROTOCOL_VERSION] = version;
  attributes[sc.ATTR_SERVER_ADDRESS] = request.url.hostname;
  attributes[sc.ATTR_SERVER_PORT] = request.url.port ? Number(request.url.port) : request.url.protocol === 'http:' ? 80 : 443;
  attributes[sc.ATTR_NETWORK_TRANSPORT] = 'tcp';
  attributes[sc.ATTR_NETWORK_PROTOCOL_NAME] = 'http';
  let target: string | undefined;
  if (method === TOOLS_CALL && name) {
    target = name;
    attributes[sc.ATTR_GEN_AI_OPERATION_NAME] = sc.OPERATION_EXECUTE_TOOL;
    attributes[sc.ATTR_GEN_AI_TOOL_NAME] = name;
    const args = serializeContent(params?.arguments, sc.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, call.content);
    if (args !== undefined) attributes[sc.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = args;
  } else if (method === 'prompts/get' && name) {
    target = name;
    attributes[sc.ATTR_GEN_AI_PROMPT_NAME] = name;
  }
  const uri = stringOf(params?.uri);
  if (uri && method.startsWith('resources/')) attributes[sc.ATTR_MCP_RESOURCE_URI] = uri;
  const base = { method, id, hasSession: sessionId !== undefined };
  const appSpan = method === TOOLS_CALL && name ? claimToolSpan(call.parent, name) : undefined;
  if (appSpan) {
    appSpan.setAttributes(attributes);
    return { ...base, span: appSpan, owned: false };
  }
  const span = call.tracer.startSpan(target ? `${method} ${target}` : method, { kind: SpanKind.CLIENT, attributes }, call.parent);
  return { ...base, span, owned: true };
}

/**
 * Records the JSON-RPC response of a traced request: a JSON-RPC error as `error.type` = its code (and
 * `rpc.response.status_code`), a `tools/call` result as `gen_ai.tool.call.result` (content capture on) and, when it
 * says `isError`, `error.type=tool_error`; the negotiated protocol version of `initialize`. Then ends our span.
 *
 * @example
 * finishMcpSpan(traced, { id: 2, result: { content: [{ type: 'text', text: '5' }] } }, call.content);
 */
export function finishMcpSpan(traced: McpSpan, response: JsonRpcResponse, call: TracedCall): void {
  const { span } = traced;
  const error = response.error;
  if (error && typeof error === 'object') {
    const code = typeof error.code === 'number' || typeof error.code === 'string' ? String(error.code) : undefined;
    if (code) span.setAttribute(sc.ATTR_RPC_RESPONSE_STATUS_CODE, code);
    failMcpSpan(traced, code ?? '_OTHER', typeof error.message === 'string' ? error.message : undefined);
    return;
  }
  const result = response.result as Record<string, unknown> | undefined;
  if (traced.method === TOOLS_CALL && result && typeof result === 'object') {
    const json = serializeContent(result, sc.ATTR_GEN_AI_TOOL_CALL_RESULT, call.content);
    if (json !== undefined) span.setAttribute(sc.ATTR_GEN_AI_TOOL_CALL_RESULT, json);
    if (result.isError === true) {
      failMcpSpan(traced, 'tool_error', 'tool_error');
      return;
    }
  }
  if (traced.method === 'initialize') {
    const version = stringOf(result?.protocolVersion);
    if (version) span.setAttribute(sc.ATTR_MCP_PROTOCOL_VERSION, version);
  }
  endMcpSpan(traced);
}

/**
 * Marks the span failed (`error.type`, ERROR status with the JSON-RPC message) and ends it when it is ours.
 *
 * @example
 * failMcpSpan(traced, '404', 'Session not found');
 */
export function failMcpSpan(traced: McpSpan, errorType: string, message?: string): void {
  traced.span.setAttribute(sc.ATTR_ERROR_TYPE, errorType);
  traced.span.setStatus({ code: SpanStatusCode.ERROR, message: message ?? errorType });
  endMcpSpan(traced);
}

/**
 * Ends the span if it is ours (the app ends its `withTool` span itself).
 *
 * @example
 * endMcpSpan(traced);
 */
export function endMcpSpan(traced: McpSpan, endTime?: number): void {
  if (traced.owned) traced.span.end(endTime);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
