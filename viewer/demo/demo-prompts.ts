/**
 * What the demo's users ask, a few of each so consecutive rounds differ. The fake provider's replies are recorded
 * fixtures (its tool calls ask for the weather in Paris and Tokyo), so the agent prompts stay about those cities.
 */

/**
 * Prompts per demo workflow.
 *
 * @example
 * pickPrompt(demoPrompts.questions, 3);
 */
export const demoPrompts = {
  questions: [
    'What does a span processor do?',
    'Why batch spans before exporting them?',
    'What is the W3C traceparent header for?',
    'How do GenAI semantic conventions name LLM spans?',
    'When should I sample traces at the head instead of the tail?',
  ],
  poems: [
    'Write a haiku about distributed tracing.',
    'Write a haiku about a cold start.',
    'Write a haiku about retries with backoff.',
  ],
  trips: [
    ['What is the weather in Paris and Tokyo?', 'Which of the two suits a picnic?'],
    ['Is it warmer in Paris or in Tokyo today?', 'Should I pack a rain jacket for either?'],
    ['Compare the weather in Paris and Tokyo for a city walk.', 'Which one for Saturday?'],
  ],
  documents: [
    'Getting started: install the SDK and call init().',
    'Exporting spans over OTLP/HTTP with protobuf.',
    'Streaming responses and time to first token.',
    'Rate limits: reading retry-after and backing off.',
    'Redacting prompts before they leave the machine.',
  ],
  reports: [
    'Summarize the Q3 infrastructure cost report in three bullets.',
    'Summarize the incident review of the checkout outage.',
    'Summarize this week\'s customer feedback themes.',
  ],
  tickets: [
    'A customer asks how to reset their API key.',
    'A customer reports that streaming responses stop after 30 seconds.',
    'A customer wants to export their traces as CSV.',
    'A customer asks whether prompts are stored on the server.',
  ],
  releaseNotes: [
    'Draft release notes for v2.3: faster exports and a new waterfall view.',
    'Draft release notes for v2.4: Gemini support and cost estimates.',
  ],
  weekends: [
    ['Is this a good weekend for Paris?', 'Should I pack an umbrella?'],
    ['Would you recommend a Paris trip this weekend?', 'What should I wear there?'],
  ],
  translations: [
    'Translate the release notes into German.',
    'Translate the onboarding email into Spanish.',
    'Translate the pricing FAQ into Japanese.',
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
