// Tracelight's own spans, made through the real SDKs (`@anthropic-ai/sdk` 1.x, which adds its own span once a global
// tracer provider exists, `openai`, `@google/genai`) and the entity helpers, exported as OTLP JSON. Test helper, not
// a test file.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { flush, init, shutdown, tracedFetch, withAgent, withTool, withWorkflow } from '../../../lib/node.js';
import { packageVersion, type CreateSender } from './sender.js';

/**
 * Tracelight with real clients: Anthropic with a prompt-cache hit (streamed and not), an OpenAI stream with cached and
 * reasoning tokens, Gemini thinking with cached content, a local model (Ollama's OpenAI-compatible route on this
 * machine), and a workflow > agent > tool tree with recorded inputs and outputs.
 *
 * @example
 * const sender = await createTracelightSender(viewer.url + '/v1/traces');
 */
export const createTracelightSender: CreateSender = async (otlpUrl) => {
  init({ endpoint: otlpUrl, exportMode: 'immediate', patchFetch: false, protocol: 'http/json', serviceName: 'tracelight-sender' });
  const anthropic = (fakeUrl: string) => new Anthropic({ apiKey: 'sk-ant-fake', baseURL: fakeUrl, maxRetries: 0, fetch: tracedFetch });
  const openai = (fakeUrl: string) => new OpenAI({ apiKey: 'sk-fake', baseURL: `${fakeUrl}/v1`, maxRetries: 0, fetch: tracedFetch });
  return {
    packageName: `tracelight (lib) with @anthropic-ai/sdk@${await packageVersion('@anthropic-ai/sdk')}, openai@${await packageVersion('openai')}, @google/genai@${await packageVersion('@google/genai')}`,
    cases: {
      async 'anthropic-cached'({ fakeUrl }) {
        await anthropic(fakeUrl).messages.create(
          { model: 'claude-haiku-4-5', max_tokens: 256, system: 'Be brief.', messages: [{ role: 'user', content: 'Say hello' }] },
          { headers: { 'x-fake-scenario': 'cached' } },
        );
        await flush();
      },
      async 'anthropic-stream-cached'({ fakeUrl }) {
        await anthropic(fakeUrl)
          .messages.stream({ model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Say hello' }] }, { headers: { 'x-fake-scenario': 'cached' } })
          .finalMessage();
        await flush();
      },
      async 'openai-stream-cached-reasoning'({ fakeUrl }) {
        const stream = await openai(fakeUrl).chat.completions.create(
          { model: 'o4-mini', messages: [{ role: 'user', content: 'What is 27 * 453?' }], stream: true, stream_options: { include_usage: true } },
          { headers: { 'x-fake-scenario': 'cached,reasoning' } },
        );
        for await (const _ of stream);
        await flush();
      },
      async 'gemini-thinking'({ fakeUrl }) {
        const genai = new GoogleGenAI({ apiKey: 'AIza-fake', httpOptions: { baseUrl: fakeUrl, fetch: tracedFetch, headers: { 'x-fake-scenario': 'thinking' } } });
        await genai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'What is 27 * 453?', config: { thinkingConfig: { includeThoughts: true } } });
        await flush();
      },
      async 'local-model'({ fakeUrl }) {
        // A model on this machine (the fake provider listens on 127.0.0.1), as with Ollama or vLLM: no per-token price.
        await openai(fakeUrl).chat.completions.create({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'Say hello' }] });
        await flush();
      },
      async 'entity-tree'() {
        await withWorkflow('plan_trip', () =>
          withAgent('travel_agent', () => withTool('get_weather', async () => ({ location: 'Paris', temperature: 18 }), { input: { location: 'Paris' } }), {
            input: "What's the weather in Paris?",
          }),
          { input: { city: 'Paris' } },
        );
        await flush();
      },
    },
    async shutdown() {
      await shutdown();
    },
  };
};
