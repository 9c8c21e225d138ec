// Strings that the sender cases put in content only (prompts, instructions, tool descriptions, arguments and results,
// embedding inputs and vectors) and the fake provider's recorded replies: none of them may survive content stripping.
// Test helper, not a test file.

/** Each appears in at least one span fixture, and only in content. */
export const CONTENT_CANARIES: readonly string[] = [
  'You are terse.',
  "What's the weather in Paris?",
  'Be brief.',
  'Say hello',
  'What is 27 * 453?',
  'The food was delicious',
  'The waiter was friendly',
  'What is OTLP?',
  'You asked',
  'Weather for a city',
  'Hello! How can I help you today?',
  "It's 18°C and sunny",
  'The answer is 42.',
  'Multiplying the numbers',
  '12,231',
  'Paris',
  'Tokyo',
  '"location"',
  '"temperature":18',
  '0.0522',
];

/** Every string in a JSON value (keys and values, nested), for searching content in what was sent. */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), allStrings(v, out));
  return out;
}

/** The canaries found anywhere in a value. */
export function canariesIn(value: unknown): string[] {
  const strings = allStrings(value);
  return CONTENT_CANARIES.filter((c) => strings.some((s) => s.includes(c)));
}
