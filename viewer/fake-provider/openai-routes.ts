import { readFixture } from './fixture-files.js';
import { echoModel, errorReply, invalidKeyReply, jsonReply, randomId, splitSse, streamReply, type FakeReply, type FakeRequest } from './fake-reply.js';
import { openAiChatEventsWithText, openAiChatJsonWithText } from './reply-text.js';
import { parseScenario, type Scenario } from './scenarios.js';
import { rewriteUsageEvents, rewriteUsageJson } from './usage-rewrite.js';

const SSE = { 'content-type': 'text/event-stream; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * Answers OpenAI-wire routes: `/chat/completions`, `/responses`, `/embeddings`, `/completions` under any prefix
 * (`/v1/...`, Azure's `/openai/deployments/{deployment}/...`). Returns undefined for other paths.
 *
 * @example
 * const reply = openaiReply({ method: 'POST', url: new URL('http://x/v1/chat/completions'), headers: {}, body });
 */
export function openaiReply(req: FakeRequest): FakeReply | undefined {
  const path = req.url.pathname.replace(/\/+$/, '');
  const kind = path.endsWith('/chat/completions')
    ? 'chat'
    : path.endsWith('/responses')
      ? 'responses'
      : path.endsWith('/embeddings')
        ? 'embeddings'
        : path.endsWith('/completions')
          ? 'completions'
          : undefined;
  if (!kind || req.method !== 'POST') return undefined;
  const deployment = /\/openai\/deployments\/([^/]+)\//.exec(path)?.[1];
  const model = typeof req.body?.model === 'string' ? req.body.model : (deployment ?? 'gpt-4o-mini');
  const scenario = parseScenario(model, { slowDelayMs: req.slowDelayMs, header: req.scenarioHeader });
  const headers = { 'x-request-id': `req_${randomId(32)}`, 'openai-processing-ms': '312' };
  if (scenario.outcome === 'rate-limit' || scenario.outcome === 'server-error') return httpError(scenario, headers);
  if (scenario.outcome === 'invalid-key') return invalidKeyReply(req, 401, readFixture('openai/error-401.json'), { ...JSON_TYPE, ...headers });
  if (kind === 'embeddings') return jsonReply(embeddingsBody(req.body, model), scenario, { ...JSON_TYPE, ...headers });
  const stream = req.body?.stream === true;
  const includeUsage = req.body?.stream_options?.include_usage === true;
  if (kind === 'chat') return chatReply(req.body, model, scenario, stream, includeUsage, headers, req.answer);
  if (kind === 'responses') return responsesReply(req.body, model, scenario, stream, headers);
  return stream
    ? streamReply(sseEvents('openai/completions.sse', model, includeUsage), scenario, { ...SSE, ...headers }, isChatDelta)
    : jsonReply(echoModel(readFixture('openai/completions.json'), model), scenario, { ...JSON_TYPE, ...headers });
}

function httpError(scenario: Scenario, headers: Record<string, string>): FakeReply {
  if (scenario.outcome === 'rate-limit') {
    return errorReply(429, readFixture('openai/error-429.json'), {
      ...JSON_TYPE,
      ...headers,
      'retry-after': '1',
      'x-ratelimit-limit-tokens': '200000',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '204ms',
    });
  }
  return errorReply(500, readFixture('openai/error-500.json'), { ...JSON_TYPE, ...headers });
}

const isChatDelta = (event: string) => event.includes('"delta":{"content":') || event.includes('"text":"');

function chatReply(
  body: any,
  model: string,
  scenario: Scenario,
  stream: boolean,
  includeUsage: boolean,
  headers: Record<string, string>,
  answer: FakeRequest['answer'],
): FakeReply {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const afterTool = messages.at(-1)?.role === 'tool';
  const name = afterTool ? 'chat-tool-answer' : scenario.content === 'tools' ? 'chat-tool-calls' : 'chat-text';
  // A canned answer replaces the text of text replies only (never tool calls, refusals or reasoning).
  const canned = name !== 'chat-tool-calls' ? answer : undefined;
  if (!stream) {
    let file = name;
    if (!afterTool && scenario.content === 'refusal') file = 'chat-refusal';
    else if (!afterTool && scenario.content === 'thinking') file = 'chat-reasoning';
    else if (name === 'chat-text' && typeof body?.n === 'number' && body.n > 1) file = 'chat-multiple-choices';
    let text = echoModel(readFixture(`openai/${file}.json`), model);
    if (canned && file === name) text = openAiChatJsonWithText(text, canned.text, canned.inputTokens);
    return jsonReply(rewriteUsageJson(text, 'openai', { cached: scenario.cached }), scenario, { ...JSON_TYPE, ...headers });
  }
  let events = sseEvents(`openai/${name}.sse`, model, includeUsage);
  if (canned) events = openAiChatEventsWithText(events, canned.text, canned.inputTokens);
  // A streamed chat reply never shows its reasoning, only the count of its tokens in the usage chunk.
  events = rewriteUsageEvents(events, 'openai', {
    cached: scenario.cached,
    reasoning: !afterTool && scenario.content === 'thinking',
  });
  if (scenario.outcome === 'stream-error') {
    // OpenAI reports a failure after the headers were sent as a `data: {"error": ...}` event, then ends the stream.
    const error = JSON.stringify(JSON.parse(readFixture('openai/error-500.json')));
    events = [...events.slice(0, Math.floor(events.length / 2)), `data: ${error}\n\n`];
  }
  return streamReply(events, scenario, { ...SSE, ...headers }, isChatDelta);
}

/** The recorded events with the model echoed; the usage-only chunk is dropped unless the request asked for it, as OpenAI does. */
function sseEvents(file: string, model: string, includeUsage: boolean): string[] {
  const events = splitSse(echoModel(readFixture(file), model));
  return includeUsage ? events : events.filter((e) => !e.includes('"choices":[],'));
}

const isResponsesDelta = (event: string) => event.startsWith('event: response.output_text.delta');

function responsesReply(body: any, model: string, scenario: Scenario, stream: boolean, headers: Record<string, string>): FakeReply {
  const input = Array.isArray(body?.input) ? body.input : [];
  const afterTool = input.at(-1)?.type === 'function_call_output';
  let name = afterTool ? 'responses-tool-answer' : scenario.content === 'tools' ? 'responses-tool-call' : 'responses-text';
  if (!stream) {
    if (!afterTool && scenario.content === 'thinking') name = 'responses-reasoning';
    const json = rewriteUsageJson(echoModel(readFixture(`openai/${name}.json`), model), 'openai', { cached: scenario.cached });
    return jsonReply(json, scenario, { ...JSON_TYPE, ...headers });
  }
  if (scenario.outcome === 'stream-error') name = 'responses-failed';
  const events = rewriteUsageEvents(splitSse(echoModel(readFixture(`openai/${name}.sse`), model)), 'openai', { cached: scenario.cached });
  return streamReply(events, scenario, { ...SSE, ...headers }, isResponsesDelta);
}

/** One vector per input, as floats or as base64 little-endian float32 (the `openai` SDK asks for base64 by default). */
function embeddingsBody(body: any, model: string): string {
  const recorded = JSON.parse(readFixture('openai/embeddings.json'));
  const vector: number[] = recorded.data[0].embedding;
  const inputs = Array.isArray(body?.input) && typeof body.input[0] !== 'number' ? body.input : [body?.input];
  const base64 = body?.encoding_format === 'base64';
  const encoded = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
  recorded.data = inputs.map((_: unknown, index: number) => ({ object: 'embedding', index, embedding: encoded }));
  recorded.model = model;
  return JSON.stringify(recorded, null, 2);
}
