// The built package as users load it: `require('tracelight')` (dist/lib/node.cjs) and `import('tracelight')`
// (dist/lib/node.js) by self-reference through package.json `exports`. Needs `npm run build:lib` first (npm test does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createOtlpSink } from '../helpers/otlp-sink.js';
import { createLlmTestServer } from '../helpers/llm-test-server.js';
import { ACME_ADAPTER_SOURCE } from '../helpers/acme-adapter.js';

const run = promisify(execFile);
const PACKAGE_VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const API = ['continueTrace', 'flush', 'init', 'shutdown', 'tracedFetch', 'withAgent', 'withAssociationProperties', 'withTask', 'withTool', 'withWorkflow', 'wrapFetch'];

for (const flavour of ['cjs', 'esm'] as const) {
  test(`${flavour}: the built node entry loads, exports the API and traces a call`, async () => {
    assert.ok(existsSync('dist/lib/node.cjs'), 'run `npm run build:lib` first');
    const sink = await createOtlpSink();
    const server = await createLlmTestServer();
    try {
      const load = flavour === 'cjs' ? `const t = require('tracelight');` : `const t = await import('tracelight');`;
      const script = `${load}
        console.log(JSON.stringify(Object.keys(t).filter((k) => typeof t[k] === 'function').sort()));
        t.init({ endpoint: ${JSON.stringify(sink.url)}, exportMode: 'immediate', providers: [${ACME_ADAPTER_SOURCE}] });
        t.init();
        const res = await fetch(${JSON.stringify(server.url + '/acme/chat')}, { method: 'POST', body: JSON.stringify({ model: 'acme-large' }) });
        console.log((await res.json()).id);
        await t.shutdown();`;
      const source = flavour === 'cjs' ? `(async () => { ${script} })()` : script;
      const { stdout } = await run(process.execPath, [flavour === 'cjs' ? '-e' : '--input-type=module', ...(flavour === 'esm' ? ['-e'] : []), source], {
        cwd: process.cwd(),
        env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
      });
      const [names, id] = stdout.trim().split('\n');
      for (const name of API) assert.ok(JSON.parse(names!).includes(name), name);
      assert.equal(id, 'resp_1');
      const [span] = await sink.waitForSpans(1);
      assert.equal(span!.name, 'chat acme-large');
      assert.equal(span!.attributes['gen_ai.usage.output_tokens'], 3);
      assert.deepEqual(span!.scope, { name: 'tracelight', version: PACKAGE_VERSION }, 'the scope version is the package version, built in');
    } finally {
      await server.close();
      await sink.close();
    }
  });
}
