// Demo traffic for the agent-tool tests: the demo app (real openai and @anthropic-ai/sdk clients through the library,
// against the fake provider) runs one round into a viewer; then what each LLM call said, read from the JSON API, is
// what the tools' results must hold.
import { startDemo } from '../../viewer/demo/start-demo.js';
import type { StoredSpan } from '../../viewer/shared/api-types.js';
import { findDemoProblems, readDemoTraces, type DemoTrace } from './demo-expectations.js';
import { waitFor } from './viewer-api.js';

/**
 * Runs one round of the demo into the viewer at `viewerUrl` (every scenario arrived), then stops it.
 * @example const traces = await sendDemoRound(viewer.url);
 */
export async function sendDemoRound(viewerUrl: string): Promise<DemoTrace[]> {
  const demo = await startDemo({ otlpEndpoint: viewerUrl, intervalMs: 3_600_000, log: () => undefined });
  try {
    return await waitFor(
      'one full round of demo traffic',
      async () => {
        const traces = await readDemoTraces(viewerUrl);
        return findDemoProblems(traces).missing.length === 0 ? traces : undefined;
      },
      60_000,
    );
  } finally {
    await demo.close();
  }
}

/** The texts of an LLM span's conversation: each user prompt and each assistant answer (text parts). */
export function conversationTexts(span: StoredSpan): { prompts: string[]; answers: string[] } {
  const texts = (messages: StoredSpan['genAi'] extends infer G ? (G extends { inputMessages: infer M } ? M : never) : never, role: string) =>
    (messages ?? []).filter((m) => m.role === role).flatMap((m) => m.parts.filter((p) => p.type === 'text' && typeof p.content === 'string').map((p) => p.content as string));
  return { prompts: texts(span.genAi?.inputMessages ?? null, 'user'), answers: texts(span.genAi?.outputMessages ?? null, 'assistant') };
}

/** The demo's LLM spans that carry a conversation (the library's HTTP-level spans). */
export const conversationSpans = (trace: DemoTrace): StoredSpan[] =>
  trace.spans.filter((s) => s.scope.name === 'tracelight' && (s.genAi?.inputMessages?.length || s.genAi?.outputMessages?.length));
