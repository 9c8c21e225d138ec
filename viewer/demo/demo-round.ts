/**
 * One round of demo traffic: every scenario once, OpenAI-style then Anthropic-style, each as its own named workflow
 * (one trace each in the viewer). Prompts rotate with the round. A failing scenario is reported and skipped so one
 * problem never stops the demo.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { withAssociationProperties, withWorkflow } from '../../lib/node.js';
import { anthropicChat, anthropicResearchAgent, anthropicStream, anthropicTranslate } from './anthropic-demo-calls.js';
import { demoPrompts, pickPrompt, type DemoTurn } from './demo-prompts.js';
import { openAiChat, openAiEmbeddings, openAiStream, openAiSummarize, openAiTravelAgent } from './openai-demo-calls.js';

/** The SDK clients a round uses, both pointed at the fake provider through `tracedFetch`. */
export interface DemoClients {
  openai: OpenAI;
  anthropic: Anthropic;
}

/** A demo scenario: a label for messages, the workflow it runs as, and the call that makes its traffic. */
export interface DemoScenario {
  name: string;
  /** Workflow name: the root span is `{workflow}.workflow`, which names the trace in the viewer. */
  workflow: string;
  run(clients: DemoClients, round: number): Promise<unknown>;
}

const p = demoPrompts;
const documentsFor = (round: number) => [0, 1, 2].map((i) => pickPrompt(p.documents, round, i));
const asks = (turns: readonly DemoTurn[]) => turns.map((turn) => turn.ask);

/**
 * Every scenario of the demo, in the order a round runs them.
 *
 * @example
 * for (const scenario of demoScenarios) await withWorkflow(scenario.workflow, () => scenario.run(clients, 0));
 */
export const demoScenarios: readonly DemoScenario[] = [
  { name: 'openai chat', workflow: 'answer-question', run: (c, r) => openAiChat(c.openai, pickPrompt(p.questions, r).ask) },
  { name: 'openai stream', workflow: 'write-haiku', run: (c, r) => openAiStream(c.openai, pickPrompt(p.poems, r).ask) },
  { name: 'openai agent', workflow: 'plan-trip', run: (c, r) => openAiTravelAgent(c.openai, asks(pickPrompt(p.trips, r))) },
  { name: 'openai embeddings', workflow: 'index-docs', run: (c, r) => openAiEmbeddings(c.openai, documentsFor(r)) },
  { name: 'openai rate limit', workflow: 'summarize-report', run: (c, r) => openAiSummarize(c.openai, pickPrompt(p.reports, r).ask) },
  { name: 'anthropic chat', workflow: 'support-reply', run: (c, r) => anthropicChat(c.anthropic, pickPrompt(p.tickets, r).ask) },
  {
    name: 'anthropic stream',
    workflow: 'draft-release-notes',
    run: (c, r) => anthropicStream(c.anthropic, pickPrompt(p.releaseNotes, r).ask),
  },
  {
    name: 'anthropic agent',
    workflow: 'weekend-advice',
    run: (c, r) => anthropicResearchAgent(c.anthropic, asks(pickPrompt(p.weekends, r))),
  },
  {
    name: 'anthropic rate limit',
    workflow: 'translate-doc',
    run: (c, r) => anthropicTranslate(c.anthropic, pickPrompt(p.translations, r).ask),
  },
];

/**
 * Runs every scenario once, each in its workflow, as one demo user's session (`user.id`, `session.id` on every
 * span). Resolves with the names of scenarios that failed unexpectedly.
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
        await withWorkflow(scenario.workflow, () => scenario.run(clients, round));
      } catch (error) {
        failed.push(scenario.name);
        warn(`tracelight demo: "${scenario.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
  return failed;
}
