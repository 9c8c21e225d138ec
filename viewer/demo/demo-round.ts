/**
 * One round of demo traffic: every scenario once, OpenAI-style then Anthropic-style. A failing scenario is
 * reported and skipped so one problem never stops the demo.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { withAssociationProperties } from '../../lib/node';
import {
  anthropicChat,
  anthropicRateLimited,
  anthropicResearchAgent,
  anthropicStream,
} from './anthropic-demo-calls';
import { openAiChat, openAiEmbeddings, openAiRateLimited, openAiStream, openAiTravelAgent } from './openai-demo-calls';

/** The SDK clients a round uses, both pointed at the fake provider through `tracedFetch`. */
export interface DemoClients {
  openai: OpenAI;
  anthropic: Anthropic;
}

/** A demo scenario: a label for messages and the call that makes its traffic. */
export interface DemoScenario {
  name: string;
  run(clients: DemoClients, round: number): Promise<unknown>;
}

const questions = [
  'What does a span processor do?',
  'Why batch spans before exporting them?',
  'What is the W3C traceparent header for?',
  'How do GenAI semantic conventions name LLM spans?',
];
const pick = (round: number) => questions[round % questions.length];

/**
 * Every scenario of the demo, in the order a round runs them.
 *
 * @example
 * for (const scenario of demoScenarios) await scenario.run(clients, 0);
 */
export const demoScenarios: readonly DemoScenario[] = [
  { name: 'openai chat', run: (c, round) => openAiChat(c.openai, pick(round)) },
  { name: 'openai stream', run: (c) => openAiStream(c.openai, 'Write a haiku about distributed tracing.') },
  {
    name: 'openai agent',
    run: (c) => openAiTravelAgent(c.openai, ['What is the weather in Paris and Tokyo?', 'Which suits a picnic?']),
  },
  { name: 'openai embeddings', run: (c, round) => openAiEmbeddings(c.openai, [pick(round), pick(round + 1)]) },
  { name: 'openai rate limit', run: (c) => openAiRateLimited(c.openai) },
  { name: 'anthropic chat', run: (c, round) => anthropicChat(c.anthropic, pick(round + 2)) },
  { name: 'anthropic stream', run: (c) => anthropicStream(c.anthropic, 'Write a limerick about latency.') },
  {
    name: 'anthropic agent',
    run: (c) => anthropicResearchAgent(c.anthropic, ['Is it a good weekend for Paris?', 'Should I pack an umbrella?']),
  },
  { name: 'anthropic rate limit', run: (c) => anthropicRateLimited(c.anthropic) },
];

/**
 * Runs every scenario once, as one demo user's session (`user.id`, `session.id` on every span).
 * Resolves with the names of scenarios that failed unexpectedly.
 *
 * @example
 * const failed = await runDemoRound(clients, 0, (msg) => console.warn(msg));
 */
export async function runDemoRound(
  clients: DemoClients,
  round: number,
  warn: (message: string) => void,
  isStopped: () => boolean = () => false,
): Promise<string[]> {
  const failed: string[] = [];
  const session = { userId: `demo-user-${(round % 3) + 1}`, sessionId: `demo-session-${round}` };
  await withAssociationProperties(session, async () => {
    for (const scenario of demoScenarios) {
      if (isStopped()) return;
      try {
        await scenario.run(clients, round);
      } catch (error) {
        failed.push(scenario.name);
        warn(`tracelight demo: "${scenario.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
  return failed;
}
