/**
 * What the demo's users ask, a few of each so consecutive rounds differ, each with the answer the fake provider
 * gives (`demoAnswer`), so every trace reads like a real conversation: answers fit their prompt, and the agents'
 * answers agree with what their tools returned (`demo-tools.ts`: 18 °C and sunny in Paris, 22 °C and light rain in
 * Tokyo; the recorded tool calls ask for those two cities).
 */

/** A user turn and the answer the demo's fake model gives to it. */
export interface DemoTurn {
  ask: string;
  answer: string;
}

const REPORT_Q3 = `Q3 infrastructure costs: compute $182k (+12% on Q2, mostly the new GPU nodes for batch embedding), storage $41k (flat), egress $23k (-30% after the CDN move). Reserved instances cover 48% of compute; the target is 70%.`;
const INCIDENT = `Checkout outage, 14 Oct: 38 minutes of failed payments. Cause: a config push raised the payment client's timeout to 90 s, exhausting the connection pool under load. Detected by the error-rate alert after 6 minutes; rolled back at minute 31.`;
const FEEDBACK = `This week's feedback: 14 tickets ask for CSV export, 9 praise the new waterfall, 7 report slow loading of traces with over 5,000 spans, 4 ask for SSO.`;
const RELEASE_NOTES = `v2.3: exports are 40% faster; a new waterfall view shows streaming; fixed a crash when a span had no name.`;
const ONBOARDING = `Welcome to Tracelight! Install the package, call init() once, and your LLM calls appear in the viewer.`;
const PRICING_FAQ = `Is the viewer free? Yes. Does anything leave my machine? Only if you turn forwarding on.`;

/**
 * Prompts per demo workflow, with their answers.
 *
 * @example
 * pickPrompt(demoPrompts.questions, 3).ask;
 */
export const demoPrompts = {
  questions: [
    {
      ask: 'What does a span processor do?',
      answer: 'A span processor sits between the tracer and the exporter: it sees each span when it starts and ends, and decides when to hand finished spans to the exporter (one by one, or batched).',
    },
    {
      ask: 'Why batch spans before exporting them?',
      answer: 'Batching sends many spans per request, so the app makes far fewer network calls and the exporter never blocks the code that created the spans.',
    },
    {
      ask: 'What is the W3C traceparent header for?',
      answer: 'traceparent carries the trace id and the parent span id across a network call, so the server\'s spans join the caller\'s trace.',
    },
    {
      ask: 'How do GenAI semantic conventions name LLM spans?',
      answer: 'As "{operation} {model}", for example "chat gpt-4o-mini", with the provider, model, parameters and token usage as gen_ai.* attributes.',
    },
    {
      ask: 'When should I sample traces at the head instead of the tail?',
      answer: 'Sample at the head when volume is the problem and every trace is alike; sample at the tail when you must keep the rare slow or failed traces, which needs a collector that sees whole traces.',
    },
  ],
  poems: [
    { ask: 'Write a haiku about distributed tracing.', answer: 'One request fans out\nspans bloom across ten services\none trace id holds all' },
    { ask: 'Write a haiku about a cold start.', answer: 'First call after dawn\nthe container stretches, yawns\nseven seconds pass' },
    { ask: 'Write a haiku about retries with backoff.', answer: 'Four twenty-nine\nwait one, then two, then four breaths\nthe fifth call succeeds' },
  ],
  trips: [
    [
      { ask: 'What is the weather in Paris and Tokyo?', answer: 'Paris: 18 °C and sunny. Tokyo: 22 °C with light rain.' },
      { ask: 'Which of the two suits a picnic?', answer: 'Paris: it is sunny and 18 °C there, while Tokyo has light rain.' },
    ],
    [
      { ask: 'Is it warmer in Paris or in Tokyo today?', answer: 'Tokyo is warmer: 22 °C (with light rain) against 18 °C and sunny in Paris.' },
      { ask: 'Should I pack a rain jacket for either?', answer: 'For Tokyo, yes: light rain is expected. Paris is sunny, so no jacket needed there.' },
    ],
    [
      { ask: 'Compare the weather in Paris and Tokyo for a city walk.', answer: 'Paris is better for a walk: 18 °C and sunny. Tokyo is warmer at 22 °C but has light rain.' },
      { ask: 'Which one for Saturday?', answer: 'Paris: the forecast there is sunny at 18 °C, while Tokyo stays rainy.' },
    ],
  ],
  documents: [
    'Getting started: install the SDK and call init().',
    'Exporting spans over OTLP/HTTP with protobuf.',
    'Streaming responses and time to first token.',
    'Rate limits: reading retry-after and backing off.',
    'Redacting prompts before they leave the machine.',
  ],
  reports: [
    {
      ask: `Summarize the Q3 infrastructure cost report in three bullets.\n\n${REPORT_Q3}`,
      answer: '- Compute rose 12% to $182k, driven by the new GPU nodes for batch embedding.\n- Storage held at $41k; egress fell 30% to $23k after the CDN move.\n- Reserved instances cover 48% of compute, short of the 70% target.',
    },
    {
      ask: `Summarize the incident review of the checkout outage.\n\n${INCIDENT}`,
      answer: 'On 14 Oct payments failed for 38 minutes: a config push set a 90 s timeout that exhausted the payment connection pool. The alert fired after 6 minutes and the rollback landed at minute 31.',
    },
    {
      ask: `Summarize this week's customer feedback themes.\n\n${FEEDBACK}`,
      answer: 'Top request: CSV export (14 tickets). The new waterfall is well liked (9), but traces over 5,000 spans load slowly (7). SSO came up 4 times.',
    },
  ],
  tickets: [
    {
      ask: 'A customer asks how to reset their API key.',
      answer: 'Hi! Go to Settings → API keys, click "Rotate" next to the key, and copy the new one; the old key stops working right away, so update your apps first.',
    },
    {
      ask: 'A customer reports that streaming responses stop after 30 seconds.',
      answer: 'Thanks for the report! A stop at exactly 30 s usually means a proxy or load balancer idle timeout; please raise it (or send keep-alive pings) and tell us if the streams still stop.',
    },
    {
      ask: 'A customer wants to export their traces as CSV.',
      answer: 'CSV export is not built in yet, but you can export a trace as OTLP JSON from the viewer and convert it; we have logged your request.',
    },
    {
      ask: 'A customer asks whether prompts are stored on the server.',
      answer: 'No: prompts stay on your machine in the local viewer. They leave it only if you turn on forwarding, and you can strip content from what is forwarded.',
    },
  ],
  releaseNotes: [
    {
      ask: `Draft release notes for v2.3: faster exports and a new waterfall view.\n\n${RELEASE_NOTES}`,
      answer: '## v2.3\n- Exports are 40% faster.\n- New waterfall view, with streaming shown as it happens.\n- Fixed: a crash when a span had no name.',
    },
    {
      ask: 'Draft release notes for v2.4: Gemini support and cost estimates.',
      answer: '## v2.4\n- Gemini calls are traced, streamed or not.\n- Every LLM span shows an estimated cost, from a dated price table.',
    },
  ],
  weekends: [
    [
      { ask: 'Is this a good weekend for Paris?', answer: 'Yes: Paris has 18 °C and sunshine, good weather for a weekend there.' },
      { ask: 'Should I pack an umbrella?', answer: 'No need: it is sunny in Paris, at 18 °C.' },
    ],
    [
      { ask: 'Would you recommend a Paris trip this weekend?', answer: 'I would: it is 18 °C and sunny in Paris.' },
      { ask: 'What should I wear there?', answer: 'Light layers: 18 °C and sunny in Paris, so a T-shirt and a light jacket for the evening.' },
    ],
  ],
  translations: [
    { ask: `Translate the release notes into German.\n\n${RELEASE_NOTES}`, answer: 'v2.3: Exporte sind 40 % schneller; eine neue Wasserfallansicht zeigt Streaming; ein Absturz bei Spans ohne Namen wurde behoben.' },
    { ask: `Translate the onboarding email into Spanish.\n\n${ONBOARDING}`, answer: '¡Bienvenido a Tracelight! Instala el paquete, llama a init() una vez y tus llamadas a LLM aparecerán en el visor.' },
    { ask: `Translate the pricing FAQ into Japanese.\n\n${PRICING_FAQ}`, answer: 'ビューアーは無料ですか？はい。データはマシンの外に出ますか？転送を有効にした場合のみです。' },
  ],
} as const;

/**
 * The prompt for a round: walks the list in order, so the traffic varies yet every run looks the same.
 *
 * @example
 * pickPrompt(['a', 'b'], 3); // 'b'
 */
export function pickPrompt<T>(list: readonly T[], round: number, offset = 0): T {
  return list[(round + offset) % list.length];
}

/**
 * The demo's answer to a prompt it asked (every turn of every list above), for the fake provider's `answers` hook;
 * undefined for anything else, which then gets the recorded reply.
 *
 * @example
 * demoAnswer('Write a haiku about a cold start.'); // 'First call after dawn…'
 */
export function demoAnswer(prompt: string): string | undefined {
  return answers.get(prompt);
}

const answers: ReadonlyMap<string, string> = new Map(
  (Object.values(demoPrompts).flat(2) as ReadonlyArray<DemoTurn | string>)
    .filter((turn): turn is DemoTurn => typeof turn === 'object')
    .map((turn) => [turn.ask, turn.answer]),
);
