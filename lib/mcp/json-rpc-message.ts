/** A JSON-RPC 2.0 request (with `id`) or notification (without), as MCP sends them. */
export interface JsonRpcRequest {
  jsonrpc: string;
  method: string;
  id?: string | number | null;
  params?: Record<string, unknown>;
}

/** A JSON-RPC response: `result` or `error`, for the request with the same `id`. */
export interface JsonRpcResponse {
  id?: string | number | null;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

/**
 * The requests and notifications in a JSON-RPC body (one message or a batch array); undefined when the body is not
 * JSON-RPC 2.0 or carries no request (a batch of responses only, which the client sends to answer the server).
 *
 * @example
 * readJsonRpcRequests({ jsonrpc: '2.0', id: 1, method: 'tools/list' }); // [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }]
 */
export function readJsonRpcRequests(body: unknown): JsonRpcRequest[] | undefined {
  const messages = Array.isArray(body) ? body : [body];
  let requests: JsonRpcRequest[] | undefined;
  for (const message of messages) {
    if (!message || typeof message !== 'object') return undefined;
    const m = message as Partial<JsonRpcRequest>;
    if (m.jsonrpc !== '2.0') return undefined;
    if (typeof m.method === 'string') (requests ??= []).push(m as JsonRpcRequest);
  }
  return requests;
}

/**
 * The responses in a parsed JSON-RPC message or batch (messages with an `id` and a `result` or `error`); server
 * requests and notifications are skipped.
 *
 * @example
 * jsonRpcResponses([{ jsonrpc: '2.0', id: 1, result: {} }, { jsonrpc: '2.0', method: 'notifications/progress' }]);
 */
export function jsonRpcResponses(value: unknown): JsonRpcResponse[] {
  const out: JsonRpcResponse[] = [];
  for (const message of Array.isArray(value) ? value : [value]) {
    if (!message || typeof message !== 'object') continue;
    const m = message as JsonRpcResponse & { method?: unknown };
    if (typeof m.method === 'string') continue;
    if ('result' in m || 'error' in m) out.push(m);
  }
  return out;
}

/**
 * The `jsonrpc.request.id` attribute value: the id as a string; undefined for notifications and a `null` id.
 *
 * @example
 * requestIdOf({ jsonrpc: '2.0', id: 3, method: 'ping' }); // '3'
 */
export function requestIdOf(message: { id?: unknown }): string | undefined {
  const id = message.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
