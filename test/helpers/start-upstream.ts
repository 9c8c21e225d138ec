// A second, scriptable OTLP/HTTP receiver standing in for Traceloop or a collector in forwarding tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeTraceRequestProtobuf } from '../../lib/forward/decode-otlp-protobuf.js';
import { readTraceRequestJson } from '../../lib/forward/read-otlp-json.js';
import type { OtlpSpan } from '../../lib/forward/otlp-types.js';

export interface UpstreamRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The body as received (after gunzip). */
  body: Buffer;
  contentType: string;
  spans: OtlpSpan[];
  status: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface Upstream {
  url: string;
  requests: UpstreamRequest[];
  /** Spans of requests answered 2xx. */
  accepted(): OtlpSpan[];
  /** Sets how the next requests are answered (default 200); `n` counts requests, `request` is the one to answer. */
  respond(fn: (n: number, request: { url: string; headers: Record<string, string | string[] | undefined> }) => Answer): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the upstream on 127.0.0.1; `port` brings one back on the port of a closed one (default: a free port). */
export async function startUpstream(options: { port?: number } = {}): Promise<Upstream> {
  const requests: UpstreamRequest[] = [];
  let responder: Parameters<Upstream['respond']>[0] = () => ({ status: 200 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const answer = responder(requests.length, { url: req.url ?? '/', headers: req.headers });
      let spans: OtlpSpan[] = [];
      try {
        // Protobuf from the forwarder; OTLP JSON from a relay where protobuf cannot be encoded (no eval on edge).
        const request = String(req.headers['content-type']).includes('json')
          ? readTraceRequestJson(JSON.parse(body.toString('utf8'))).request
          : decodeTraceRequestProtobuf(body);
        spans = request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
      } catch {
        spans = [];
      }
      requests.push({ headers: req.headers, body, contentType: String(req.headers['content-type']), spans, status: answer.status });
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    requests,
    accepted: () => requests.filter((r) => r.status < 300).flatMap((r) => r.spans),
    respond(fn) {
      responder = fn;
    },
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('timed out waiting for the upstream');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
