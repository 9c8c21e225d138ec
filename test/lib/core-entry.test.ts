// `tracelight/core` and the provider subpaths, loaded as users load them (the built package through `exports`, ESM
// and CJS): an app that names `openai()` gets OpenAI calls traced and nothing else; naming `anthropic()` too traces
// those; `tracelight/mcp` is one more entry. Needs `npm run build:lib` first (npm test does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createOtlpSink } from '../helpers/otlp-sink.js';
import { createFakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';

const run = promisify(execFile);

for (const flavour of ['esm', 'cjs'] as const) {
  test(`${flavour}: tracelight/core traces only the providers the app names`, async () => {
    const sink = await createOtlpSink();
    const fake = await createFakeProvider();
    try {
      const load =
        flavour === 'cjs'
          ? `const core = require('tracelight/core'); const { openai } = require('tracelight/openai'); const { anthropic } = require('tracelight/anthropic'); const { gemini } = require('tracelight/gemini'); const { ollama } = require('tracelight/ollama'); const { mcp } = require('tracelight/mcp');`
          : `const core = await import('tracelight/core'); const { openai } = await import('tracelight/openai'); const { anthropic } = await import('tracelight/anthropic'); const { gemini } = await import('tracelight/gemini'); const { ollama } = await import('tracelight/ollama'); const { mcp } = await import('tracelight/mcp');`;
      const script = `${load}
        const families = { openai: openai(), anthropic: anthropic(), gemini: gemini(), ollama: ollama(), mcp: mcp() };
        console.log(JSON.stringify(Object.fromEntries(Object.entries(families).map(([k, v]) => [k, [v].flat().map((a) => a.id)]))));
        core.init({ endpoint: ${JSON.stringify(sink.url)}, exportMode: 'immediate', providers: [openai()] });
        const post = (path, body) => fetch(${JSON.stringify(fake.url)} + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify(body) }).then((r) => r.json());
        await post('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
        await post('/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'not traced' }] });
        // A wrapFetch of core given a family of its own traces that family too.
        const both = core.wrapFetch(globalThis.fetch.__original, { providers: [anthropic()] });
        await (await both(${JSON.stringify(fake.url)} + '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'traced' }] }) })).json();
        await core.shutdown();`;
      const { stdout } = await run(process.execPath, flavour === 'cjs' ? ['-e', `(async () => { ${script} })()`] : ['--input-type=module', '-e', script], {
        env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
      });
      const ids = JSON.parse(stdout.trim().split('\n')[0]!) as Record<string, string[]>;
      assert.deepEqual(ids.openai, ['openai.chat', 'openai.responses', 'openai.embeddings', 'openai.completions']);
      assert.deepEqual(ids.anthropic, ['anthropic.messages', 'anthropic.vertex']);
      assert.equal(ids.gemini!.length, 2);
      assert.equal(ids.ollama!.length, 3);
      assert.deepEqual(ids.mcp, ['mcp']);
      const spans = await sink.waitForSpans(2);
      await new Promise((r) => setTimeout(r, 200)); // nothing else arrives
      assert.deepEqual(sink.spans().map((s) => s.name).sort(), ['chat claude-haiku-4-5', 'chat gpt-4o-mini'], 'the unnamed provider was not traced');
      assert.equal(spans.find((s) => s.name === 'chat gpt-4o-mini')?.attributes['gen_ai.provider.name'], 'openai');
    } finally {
      await fake.close();
      await sink.close();
    }
  });
}
