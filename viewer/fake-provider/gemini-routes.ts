import { readFixture } from './fixture-files.js';
import { echoModel, errorReply, invalidKeyReply, jsonReply, splitSse, streamReply, type FakeReply, type FakeRequest } from './fake-reply.js';
import { parseScenario } from './scenarios.js';

const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };
const ROUTE = /\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/;

/**
 * Answers Gemini's `models/{model}:generateContent|streamGenerateContent|embedContent|batchEmbedContents` under any
 * prefix (`/v1beta`, `/v1`, Vertex's `/v1/projects/.../publishers/google`). `streamGenerateContent` answers SSE with
 * `alt=sse`, otherwise the JSON array streamed element by element, as the real API does. Tool calls stream their
 * arguments as Vertex's `partialArgs` when the request sets `streamFunctionCallArguments`.
 *
 * @example
 * const reply = geminiReply({ method: 'POST', url: new URL('http://x/v1beta/models/gemini-2.5-flash:generateContent'), headers: {}, body });
 */
export function geminiReply(req: FakeRequest): FakeReply | undefined {
  const route = ROUTE.exec(req.url.pathname);
  if (!route || req.method !== 'POST') return undefined;
  const model = decodeURIComponent(route[1]);
  const method = route[2];
  const scenario = parseScenario(model, { slowDelayMs: req.slowDelayMs, header: req.scenarioHeader });
  if (scenario.outcome === 'rate-limit') {
    return errorReply(429, readFixture('gemini/error-429.json'), { ...JSON_TYPE, 'retry-after': '2' });
  }
  if (scenario.outcome === 'server-error') return errorReply(500, readFixture('gemini/error-500.json'), JSON_TYPE);
  if (scenario.outcome === 'invalid-key') return invalidKeyReply(req, 400, readFixture('gemini/error-400-api-key.json'), JSON_TYPE);
  if (method === 'embedContent') return jsonReply(readFixture('gemini/embed-content.json'), scenario, JSON_TYPE);
  if (method === 'batchEmbedContents') {
    const recorded = JSON.parse(readFixture('gemini/batch-embed-contents.json'));
    const count = Array.isArray(req.body?.requests) ? req.body.requests.length : 1;
    recorded.embeddings = Array.from({ length: count }, () => recorded.embeddings[0]);
    return jsonReply(JSON.stringify(recorded, null, 2), scenario, JSON_TYPE);
  }
  const contents: any[] = Array.isArray(req.body?.contents) ? req.body.contents : [];
  const lastParts: any[] = Array.isArray(contents.at(-1)?.parts) ? contents.at(-1).parts : [];
  const afterTool = lastParts.some((p) => p && typeof p === 'object' && 'functionResponse' in p);
  const tools = !afterTool && scenario.content === 'tools';
  if (method === 'generateContent') {
    const name = afterTool ? 'generate-tool-answer' : tools ? 'generate-function-call' : scenario.content === 'thinking' ? 'generate-thinking' : 'generate-text';
    return jsonReply(echoModel(readFixture(`gemini/${name}.json`), model), scenario, JSON_TYPE);
  }
  // Vertex streams a call's arguments piece by piece when the request asks for it (Gemini API requests cannot).
  const partialArgs = req.body?.toolConfig?.functionCallingConfig?.streamFunctionCallArguments === true;
  const name = afterTool ? 'stream-tool-answer' : tools ? (partialArgs ? 'stream-function-call-partial-args' : 'stream-function-call') : 'stream-text';
  const events = splitSse(echoModel(readFixture(`gemini/${name}.sse`), model));
  const isDelta = (e: string) => !e.includes('finishReason');
  if (req.url.searchParams.get('alt') === 'sse') {
    return streamReply(events, scenario, { 'content-type': 'text/event-stream' }, isDelta);
  }
  // Without alt=sse Gemini streams one JSON array: "[" + element + "\n,\r\n" + element ... + "\n]".
  const replay = streamReply(events, scenario, JSON_TYPE, isDelta);
  const elements = replay.chunks.map((e) => JSON.stringify(JSON.parse(e.replace(/^data: /, '')), null, 2));
  replay.chunks = elements.map((e, i) => (i === 0 ? '[' : '\n,\r\n') + e + (i === elements.length - 1 ? '\n]' : ''));
  return replay;
}
