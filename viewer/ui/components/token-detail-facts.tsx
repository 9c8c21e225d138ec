import type { GenAiView } from '../../shared/api-types.js';

function DetailFact(props: { label: string; value: number; title: string; testId: string }) {
  const text = props.value.toLocaleString();
  return (
    <div class="fact" title={props.title}>
      <div class="fact-label">{props.label}</div>
      <div class="fact-value" data-testid={props.testId}>
        {text}
      </div>
    </div>
  );
}

/**
 * The parts of a call's token counts, where the sender reported them: prompt-cache reads and writes (inside the input
 * tokens) and reasoning (inside the output tokens). Renders nothing for a call that reported none.
 *
 * @example
 * <div class="facts"><TokenDetailFacts ai={span.genAi} /></div>
 */
export function TokenDetailFacts({ ai }: { ai: GenAiView }) {
  return (
    <>
      {ai.cacheReadInputTokens != null ? (
        <DetailFact label="Cache read" value={ai.cacheReadInputTokens} title="Input tokens read from the prompt cache (included in the input tokens)" testId="fact-cache-read" />
      ) : null}
      {ai.cacheCreationInputTokens != null ? (
        <DetailFact label="Cache write" value={ai.cacheCreationInputTokens} title="Input tokens written to the prompt cache (included in the input tokens)" testId="fact-cache-write" />
      ) : null}
      {ai.reasoningOutputTokens != null ? (
        <DetailFact label="Reasoning" value={ai.reasoningOutputTokens} title="Output tokens spent on reasoning (included in the output tokens)" testId="fact-reasoning" />
      ) : null}
    </>
  );
}

/**
 * What the viewer did beyond reading the span (input tokens a sender left out added back, a local model priced at
 * 0), said where the numbers are shown.
 *
 * @example
 * {ai.notes?.length ? <GenAiNotes notes={ai.notes} /> : null}
 */
export function GenAiNotes({ notes }: { notes: string[] }) {
  return (
    <ul class="muted" data-testid="genai-notes" style={{ margin: '8px 0 0', paddingLeft: '18px', fontSize: '12px' }}>
      {notes.map((note, i) => (
        <li key={i}>{note}</li>
      ))}
    </ul>
  );
}
