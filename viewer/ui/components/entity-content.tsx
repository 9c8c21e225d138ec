import type { EntityView, GenAiView } from '../../shared/api-types.js';

/**
 * Whether a view is an application span's (tool, chain, workflow, task, agent) with nothing of an LLM call: no model
 * and no token counts, so the panel shows its input and output rather than model facts.
 *
 * @example
 * isEntityOnly(span.genAi) // true for a Traceloop tool span
 */
export function isEntityOnly(ai: GenAiView): boolean {
  return !!ai.entity && !ai.requestModel && !ai.responseModel && ai.inputTokens == null && ai.outputTokens == null;
}

/**
 * Whether the panel shows a span's conversation: always for LLM calls (saying when nothing was captured), and for an
 * application span only when it carries messages of its own (an agent span in the GenAI conventions may).
 *
 * @example
 * showsConversation(span.genAi)
 */
export function showsConversation(ai: GenAiView): boolean {
  return !isEntityOnly(ai) || !!ai.inputMessages?.length || !!ai.outputMessages?.length || !!ai.systemInstructions?.length;
}

function Value({ value, testId }: { value: unknown; testId: string }) {
  if (value == null) return <div class="muted" data-testid={testId}>Not captured (content capture may be off).</div>;
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <pre class="msg-json" data-testid={testId}>
      {text}
    </pre>
  );
}

/**
 * The input and output of a tool call, chain, workflow, task or agent span, as text (never as HTML).
 *
 * @example
 * {ai.entity ? <EntityContent entity={ai.entity} /> : null}
 */
export function EntityContent({ entity }: { entity: EntityView }) {
  return (
    <div class="section" data-testid="entity-content" data-kind={entity.kind}>
      <h3 class="section-title">
        {entity.kind}
        {entity.name ? <span class="count">{entity.name}</span> : null}
        {entity.toolCallId ? <span class="count mono">{entity.toolCallId}</span> : null}
      </h3>
      <div class="msg" data-kind="input">
        <div class="msg-role">
          <span>input</span>
        </div>
        <Value value={entity.input} testId="entity-input" />
      </div>
      <div class="msg" data-kind="output">
        <div class="msg-role">
          <span>output</span>
        </div>
        <Value value={entity.output} testId="entity-output" />
      </div>
    </div>
  );
}
