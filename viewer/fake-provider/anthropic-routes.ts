import { readFixture } from './fixture-files.js';
import { echoModel, errorReply, invalidKeyReply, jsonReply, randomId, splitSse, streamReply, type FakeReply, type FakeRequest } from './fake-reply.js';
import { anthropicEventsWithText, anthropicJsonWithText } from './reply-text.js';
import { parseScenario } from './scenarios.js';
import { rewriteUsageEvents, rewriteUsageJson } from './usage-rewrite.js';

const SSE = { 'content-type': 'text/event-stream; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * Answers Anthropic's Messages API (`POST .../v1/messages`). Returns undefined for other paths.
 *
 * @example
 * const reply = anthropicReply({ method: 'POST', url: new URL('http://x/v1/messages'), headers: {}, body });
 */
export function anthropicReply(req: FakeRequest): FakeReply | undefined {
  if (req.method !== 'POST' || !/\/v1\/messages\/?$/.test(req.url.pathname)) return undefined;
  const model = typeof req.body?.model === 'string' ? req.body.model : 'claude-sonnet-4-5';
  const scenario = parseScenario(model, { slowDelayMs: req.slowDelayMs, header: req.scenarioHeader });
  const headers = { 'request-id': `req_011C${randomId(20)}`, 'anthropic-organization-id': '3f2a8c1e-7b4d-4e9a-9c21-5d8e6f0a1b2c' };
  if (scenario.outcome === 'rate-limit') {
    return errorReply(429, readFixture('anthropic/error-429.json'), {
      ...JSON_TYPE,
      ...headers,
      'retry-after': '1',
      'anthropic-ratelimit-input-tokens-remaining': '0',
    });
  }
  if (scenario.outcome === 'server-error') return errorReply(500, readFixture('anthropic/error-500.json'), { ...JSON_TYPE, ...headers });
  if (scenario.outcome === 'invalid-key') return invalidKeyReply(req, 401, readFixture('anthropic/error-401.json'), { ...JSON_TYPE, ...headers });
  const messages: any[] = Array.isArray(req.body?.messages) ? req.body.messages : [];
  const last = messages.at(-1);
  const afterTool = last?.role === 'user' && Array.isArray(last.content) && last.content.some((b: any) => b?.type === 'tool_result');
  const name = afterTool
    ? 'messages-tool-answer'
    : scenario.content === 'tools'
      ? 'messages-tool-use'
      : scenario.content === 'thinking'
        ? 'messages-thinking'
        : 'messages-text';
  const usage = { cached: scenario.cached };
  // A canned answer replaces the text of text replies only (never tool use or thinking).
  const canned = name === 'messages-text' || name === 'messages-tool-answer' ? req.answer : undefined;
  if (req.body?.stream !== true) {
    let text = echoModel(readFixture(`anthropic/${name}.json`), model);
    if (canned) text = anthropicJsonWithText(text, canned.text, canned.inputTokens);
    return jsonReply(rewriteUsageJson(text, 'anthropic', usage), scenario, { ...JSON_TYPE, ...headers });
  }
  const file = scenario.outcome === 'stream-error' ? 'messages-error' : name;
  let events = splitSse(echoModel(readFixture(`anthropic/${file}.sse`), model));
  if (canned && file === name) events = anthropicEventsWithText(events, canned.text, canned.inputTokens);
  events = rewriteUsageEvents(events, 'anthropic', usage);
  return streamReply(events, scenario, { ...SSE, ...headers }, (e) => e.startsWith('event: content_block_delta') && e.includes('text_delta'));
}
