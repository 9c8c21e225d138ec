/** The parts of Node's `IncomingMessage` the adapter uses (structural, so this file needs no Node types). */
export interface NodeLikeRequest extends AsyncIterable<Uint8Array | string> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The parts of Node's `ServerResponse` the adapter uses. */
export interface NodeLikeResponse {
  statusCode: number;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array | string): unknown;
}

const encoder = new TextEncoder();

/**
 * Adapts a Web `(Request) => Promise<Response>` handler (such as `createRelay(...)`) to Node's `http` and Express-style
 * `(req, res)` callbacks. Uses only Web APIs plus the structural shape of Node's request and response.
 * @example
 * import { createServer } from 'node:http';
 * const relay = createRelay({ allowedOrigins: ['https://app.example.com'], env: process.env });
 * createServer(toNodeHandler(relay)).listen(8080);
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
): (req: NodeLikeRequest, res: NodeLikeResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      const method = req.method ?? 'GET';
      const host = headers.get('host') ?? 'localhost';
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const iterator = req[Symbol.asyncIterator]();
      const body = hasBody
        ? new ReadableStream<Uint8Array>({
            async pull(controller) {
              const { done, value } = await iterator.next();
              if (done) controller.close();
              else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
            },
            async cancel() {
              await iterator.return?.();
            },
          })
        : null;
      const request = new Request(`http://${host}${req.url ?? '/'}`, {
        method,
        headers,
        body,
        // Required by fetch implementations for streaming request bodies.
        duplex: 'half',
      } as RequestInit);
      const response = await handler(request);
      res.statusCode = response.status;
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(new Uint8Array(await response.arrayBuffer()));
    } catch {
      res.statusCode = 500;
      res.end();
    }
  };
}
