// Entry for Cloudflare's workerd: a module worker whose fetch handler runs the OpenAI calls for the config POSTed to
// it and flushes through `ctx.waitUntil(flush())`, as a Worker must. Bundled by the test the way wrangler bundles
// (esbuild, `workerd`/`worker`/`browser` conditions).
import * as tracelight from 'tracelight';
import OpenAI from 'openai';
import { runOpenAiCalls } from './openai-calls.mjs';

export default {
  async fetch(request, env, ctx) {
    const { providerUrl, viewerUrl } = await request.json();
    const result = await runOpenAiCalls({
      tracelight,
      OpenAI,
      providerUrl,
      viewerUrl,
      serviceName: 'workerd',
      waitUntil: (promise) => ctx.waitUntil(promise),
    });
    const globals = [typeof process, typeof require, typeof AsyncLocalStorage].join();
    return Response.json({ runtime: 'workerd', entry: typeof tracelight.init, globals, ...result });
  },
};
