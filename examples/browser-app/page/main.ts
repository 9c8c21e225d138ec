// The page: the browser build of the library exports to the viewer, traces the page's own LLM call, and
// carries the click's trace context to the backend (`propagateTraceTo`), which continues the same trace.
import { context } from '@opentelemetry/api';
import { init, withWorkflow } from 'tracelight';
import type { PageConfig } from './page-config.js';

const config = (await (await fetch('/config.json')).json()) as PageConfig;
init({
  serviceName: 'browser-app',
  endpoint: config.otlpEndpoint,
  // Only our backend gets `traceparent`; LLM providers never do.
  propagateTraceTo: [config.backendOrigin],
  // A page can be closed at any moment: send each span as soon as it ends.
  exportMode: 'immediate',
});

const questionInput = document.querySelector<HTMLInputElement>('#question')!;
const button = document.querySelector<HTMLButtonElement>('#ask')!;
const suggestionOutput = document.querySelector<HTMLOutputElement>('#suggestion')!;
const answerOutput = document.querySelector<HTMLOutputElement>('#answer')!;

/** The page's own LLM call: plain `fetch`, traced because `init` patched it. */
async function suggestFollowUp(question: string): Promise<string> {
  const response = await fetch(`${config.llmBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: config.llmModel,
      messages: [{ role: 'user', content: `Suggest one follow-up question to: ${question}` }],
    }),
  });
  if (!response.ok) throw new Error(`LLM call failed: ${response.status}`);
  const body = (await response.json()) as { choices?: Array<{ message?: { content?: string } }> };
  return body.choices?.[0]?.message?.content ?? '';
}

/** The backend call: gets `traceparent`, so the backend's spans join this trace. */
async function askBackend(question: string): Promise<string> {
  const response = await fetch(`${config.backendOrigin}/api/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  if (!response.ok) throw new Error(`backend failed: ${response.status}`);
  return ((await response.json()) as { answer: string }).answer;
}

button.addEventListener('click', () => {
  const question = questionInput.value;
  answerOutput.dataset.state = 'loading';
  answerOutput.textContent = 'Thinking…';
  void withWorkflow('ask-question', async () => {
    // Browsers have no async context: the click's context is active only synchronously, so both calls are
    // started under it explicitly (https://opentelemetry.io/docs/languages/js/context/#context-manager).
    const click = context.active();
    const [suggestion, answer] = await Promise.all([
      context.with(click, () => suggestFollowUp(question)),
      context.with(click, () => askBackend(question)),
    ]);
    suggestionOutput.textContent = `You could also ask: ${suggestion}`;
    answerOutput.textContent = answer;
    answerOutput.dataset.state = 'done';
  }).catch((error: unknown) => {
    answerOutput.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
    answerOutput.dataset.state = 'error';
  });
});
button.disabled = false;
