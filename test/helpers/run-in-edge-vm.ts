// Runs one edge program in `@edge-runtime/vm` (Vercel's Edge Runtime sandbox) and prints its result as JSON, then
// exits: the sandbox's timers (AbortSignal.timeout, the SDK's flush timeouts) are not unref'd as Node's are, and an
// edge isolate is torn down after the request anyway. Usage: run-in-edge-vm.ts <bundle.js> <config JSON>.
import { readFileSync } from 'node:fs';
import { EdgeVM } from '@edge-runtime/vm';

const [bundlePath, configJson] = process.argv.slice(2);
const vm = new EdgeVM();
const globals = vm.evaluate<string>('[typeof process, typeof require, typeof AsyncLocalStorage].join()');
vm.evaluate(readFileSync(bundlePath!, 'utf8'));
const config = JSON.parse(configJson!);
try {
  const result = await vm.evaluate<Promise<unknown>>(`(async (c) => {
      const { init, tracedFetch, flush, shutdown, withWorkflow, createRelay } = tracelight;
      init({ endpoint: c.sink, serviceName: 'edge-worker', patchFetch: false });
      const res = await withWorkflow('edge-handler', () => tracedFetch(c.provider + '/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-edge-secret' },
        body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true },
          messages: [{ role: 'user', content: 'Say hello' }] }),
      }));
      const streamed = await res.text();
      await flush(); // what ctx.waitUntil(flush()) waits for

      const relay = createRelay({
        allowedOrigins: ['https://app.example.com'],
        forward: { url: c.upstream, headers: { authorization: 'Bearer relay-key' }, stripContent: false, target: c.upstream },
        flushBeforeResponse: true,
      });
      const page = { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'page' }, spans: [{
        traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'from the page', kind: 1,
        startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000100000000' }] }] }] };
      const answer = await relay(new Request('https://edge.example/otlp/v1/traces', {
        method: 'POST', headers: { origin: 'https://app.example.com', 'content-type': 'application/json' }, body: JSON.stringify(page),
      }));
      const body = await answer.text();
      const sent = relay.status().sent;
      await relay.close();
      await shutdown();
      return { streamed, status: answer.status, body, sent };
    })(${JSON.stringify(config)})`);
  process.stdout.write(JSON.stringify({ globals, result }));
  process.exit(0);
} catch (error) {
  process.stderr.write(String((error as Error).stack ?? error));
  process.exit(1);
}
