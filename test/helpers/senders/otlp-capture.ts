// An OTLP/HTTP JSON receiver that keeps each export request exactly as the sender's exporter wrote it, so fixtures
// are what a real package sends on the wire. Test helper, not a test file.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OtlpTraceRequest } from '../../../lib/forward/otlp-types.js';

/** A running capture receiver. */
export interface OtlpCapture {
  /** `http://127.0.0.1:<port>/v1/traces` */
  url: string;
  /** The requests received since the last `take()`, merged into one (resource and scope groups kept as sent). */
  take(): OtlpTraceRequest;
  close(): Promise<void>;
}

/**
 * Starts the receiver on a free port. It accepts `application/json` only: point an `http/json` exporter at it.
 *
 * @example
 * const capture = await startOtlpCapture();
 * const exporter = new OTLPTraceExporter({ url: capture.url });
 */
export async function startOtlpCapture(): Promise<OtlpCapture> {
  let received: OtlpTraceRequest['resourceSpans'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!String(req.headers['content-type']).includes('json')) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraceRequest;
      received.push(...(body.resourceSpans ?? []));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    take() {
      const out = { resourceSpans: received };
      received = [];
      return out;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
