/**
 * The demo's Anthropic-style traffic, made with the official `@anthropic-ai/sdk`: a plain message, a streamed
 * message, a tool-using agent across several turns and a call that hits a 429 and falls back to a smaller model.
 * Scenarios are picked per request with `fakeScenario(...)`; model names stay real.
 */
import Anthropic from '@anthropic-ai/sdk';
import { withAgent, withTool } from '../../lib/node.js';
import { demoModels } from './demo-models.js';
import { demoTools, runDemoTool } from './demo-tools.js';
import { fakeScenario } from './fake-scenario.js';

const anthropicTools: Anthropic.Tool[] = demoTools.map((tool) => ({
  name: tool.name,
  description: tool.description,
  input_schema: tool.parameters,
}));

const textOf = (content: Anthropic.ContentBlock[]) =>
  content.map((block) => (block.type === 'text' ? block.text : '')).join('');

/**
 * A plain, non-streamed message.
 *
 * @example
 * await anthropicChat(client, 'Explain span links in one sentence.');
 */
export async function anthropicChat(
  client: Anthropic,
  question: string,
  model: string = demoModels.anthropicChat,
): Promise<string> {
  const message = await client.messages.create(
    {
      model,
      max_tokens: 300,
      system: 'You are a friendly, concise support assistant.',
      messages: [{ role: 'user', content: question }],
    },
    fakeScenario('latency-520'),
  );
  return textOf(message.content);
}

/**
 * A streamed message, consumed event by event.
 *
 * @example
 * const text = await anthropicStream(client, 'Draft release notes for v2.3');
 */
export async function anthropicStream(client: Anthropic, prompt: string): Promise<string> {
  const stream = await client.messages.create(
    {
      model: demoModels.anthropicStream,
      max_tokens: 400,
      stream: true,
      messages: [{ role: 'user', content: prompt }],
    },
    fakeScenario('latency-220,slow-25'),
  );
  let text = '';
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  return text;
}

/**
 * Translates with the large model, which the provider rejects with 429 (SDK retries off, so one error span), then
 * falls back to the small model. Other errors propagate.
 *
 * @example
 * const { rateLimited } = await anthropicTranslate(client, 'Translate the release notes into German.'); // true
 */
export async function anthropicTranslate(
  client: Anthropic,
  request: string,
): Promise<{ rateLimited: boolean; translation: string }> {
  try {
    const message = await client.messages.create(
      { model: demoModels.anthropicRateLimited, max_tokens: 1000, messages: [{ role: 'user', content: request }] },
      { ...fakeScenario('rate-limit,latency-70'), maxRetries: 0 },
    );
    return { rateLimited: false, translation: textOf(message.content) };
  } catch (error) {
    if (!(error instanceof Anthropic.RateLimitError)) throw error;
    return { rateLimited: true, translation: await anthropicChat(client, request, demoModels.anthropicFallback) };
  }
}

/**
 * A tool-using research agent working through the user's requests in one conversation: `tool_use` blocks run as
 * `execute_tool` spans and go back as `tool_result` blocks until the model stops asking (at most four turns per
 * request).
 *
 * @example
 * const answers = await anthropicResearchAgent(client, ['Is it sunny in Paris?', 'Should I pack an umbrella?']);
 */
export function anthropicResearchAgent(client: Anthropic, requests: readonly string[]): Promise<string[]> {
  return withAgent('research-agent', async () => {
    const messages: Anthropic.MessageParam[] = [];
    const answers: string[] = [];
    for (const request of requests) {
      messages.push({ role: 'user', content: request });
      for (let turn = 0; turn < 4; turn++) {
        // Streamed; the SDK's helper assembles the `tool_use` input deltas into the final message.
        const message = await client.messages
          .stream(
            {
              model: demoModels.anthropicAgent,
              max_tokens: 500,
              system: 'You research before answering. Use the tools.',
              tools: anthropicTools,
              messages,
            },
            fakeScenario('tools,latency-200,slow-12'),
          )
          .finalMessage();
        messages.push({ role: 'assistant', content: message.content });
        const uses = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
        if (message.stop_reason !== 'tool_use' || uses.length === 0) {
          answers.push(textOf(message.content));
          break;
        }
        const results: Anthropic.ToolResultBlockParam[] = [];
        for (const use of uses) {
          const result = await withTool(use.name, () => runDemoTool(use.name, use.input));
          results.push({ type: 'tool_result', tool_use_id: use.id, content: JSON.stringify(result) });
        }
        messages.push({ role: 'user', content: results });
      }
    }
    return answers;
  });
}
