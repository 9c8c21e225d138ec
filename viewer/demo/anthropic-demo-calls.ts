/**
 * The demo's Anthropic-style traffic, made with the official `@anthropic-ai/sdk`: a plain message, a streamed
 * message, a tool-using agent across several turns and a call that hits a 429.
 */
import Anthropic from '@anthropic-ai/sdk';
import { withAgent, withTool, withWorkflow } from '../../lib/node';
import { demoModels } from './demo-models';
import { demoTools, runDemoTool } from './demo-tools';

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
export async function anthropicChat(client: Anthropic, question: string): Promise<string> {
  const message = await client.messages.create({
    model: demoModels.anthropicChat,
    max_tokens: 300,
    system: 'You are a concise assistant.',
    messages: [{ role: 'user', content: question }],
  });
  return textOf(message.content);
}

/**
 * A streamed message, consumed event by event.
 *
 * @example
 * const text = await anthropicStream(client, 'Write a limerick about latency');
 */
export async function anthropicStream(client: Anthropic, prompt: string): Promise<string> {
  const stream = await client.messages.create({
    model: demoModels.anthropicStream,
    max_tokens: 400,
    stream: true,
    messages: [{ role: 'user', content: prompt }],
  });
  let text = '';
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  return text;
}

/**
 * A call rejected with 429 (retries off, so one error span); resolves with the status.
 *
 * @example
 * await anthropicRateLimited(client); // 429
 */
export async function anthropicRateLimited(client: Anthropic): Promise<number | undefined> {
  try {
    await client.messages.create(
      {
        model: demoModels.anthropicRateLimited,
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Translate the release notes.' }],
      },
      { maxRetries: 0 },
    );
    return 200;
  } catch (error) {
    if (error instanceof Anthropic.APIError) return error.status;
    throw error;
  }
}

/**
 * A tool-using research agent inside a workflow, working through the user's requests in one conversation:
 * `tool_use` blocks run as `execute_tool` spans and go back as `tool_result` blocks until the model stops
 * asking (at most four turns per request).
 *
 * @example
 * const answers = await anthropicResearchAgent(client, ['Is it sunny in Paris?', 'Should I pack an umbrella?']);
 */
export function anthropicResearchAgent(client: Anthropic, requests: string[]): Promise<string[]> {
  return withWorkflow('weekend-advice', () =>
    withAgent('research-agent', async () => {
      const messages: Anthropic.MessageParam[] = [];
      const answers: string[] = [];
      for (const request of requests) {
        messages.push({ role: 'user', content: request });
        for (let turn = 0; turn < 4; turn++) {
          // Streamed; the SDK's helper assembles the `tool_use` input deltas into the final message.
          const message = await client.messages
            .stream({
              model: demoModels.anthropicTools,
              max_tokens: 500,
              system: 'You research before answering. Use the tools.',
              tools: anthropicTools,
              messages,
            })
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
    }),
  );
}
