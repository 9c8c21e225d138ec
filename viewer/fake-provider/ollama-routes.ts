import { readFixture } from './fixture-files.js';
import { echoModel, errorReply, jsonReply, splitLines, streamReply, type FakeReply, type FakeRequest } from './fake-reply.js';
import { parseScenario } from './scenarios.js';

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/**
 * Answers Ollama's native `/api/chat` and `/api/generate`: NDJSON unless the body says `stream: false` (Ollama streams
 * by default).
 *
 * @example
 * const reply = ollamaReply({ method: 'POST', url: new URL('http://x/api/chat'), headers: {}, body: { model: 'llama3.2', messages } });
 */
export function ollamaReply(req: FakeRequest): FakeReply | undefined {
  const kind = /\/api\/(chat|generate)\/?$/.exec(req.url.pathname)?.[1];
  if (!kind || req.method !== 'POST') return undefined;
  const model = typeof req.body?.model === 'string' ? req.body.model : 'llama3.2';
  const scenario = parseScenario(model, { slowDelayMs: req.slowDelayMs, header: req.scenarioHeader });
  if (scenario.outcome === 'rate-limit') {
    return errorReply(429, JSON.stringify({ error: 'too many concurrent requests, please retry later' }), { ...JSON_TYPE, 'retry-after': '1' });
  }
  if (scenario.outcome === 'server-error') return errorReply(500, readFixture('ollama/error-500.json'), JSON_TYPE);
  let name = 'generate-text';
  if (kind === 'chat') {
    const messages: any[] = Array.isArray(req.body?.messages) ? req.body.messages : [];
    name = messages.at(-1)?.role === 'tool' ? 'chat-tool-answer' : scenario.content === 'tools' ? 'chat-tool-calls' : 'chat-text';
  }
  if (req.body?.stream === false) return jsonReply(echoModel(readFixture(`ollama/${name}.json`), model), scenario, JSON_TYPE);
  const lines = splitLines(echoModel(readFixture(`ollama/${name}.ndjson`), model));
  return streamReply(lines, scenario, { 'content-type': 'application/x-ndjson' }, (l) => l.includes('"done":false'));
}
