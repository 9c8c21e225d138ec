import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts a node:http server on loopback (port 0 picks a free one) and returns its URL and a `close` that also drops
 * keep-alive connections, so examples and their tests never hang on shutdown.
 *
 * @example
 * const { url, close } = await listenLocal(createServer(handler), { port: 0 });
 */
export async function listenLocal(
  server: Server,
  options: { port?: number; host?: string } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
