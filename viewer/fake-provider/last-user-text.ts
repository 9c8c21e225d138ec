/**
 * The text of the latest user message that has text (OpenAI and Anthropic message shapes: a string, or parts with
 * `text`), skipping user turns that only carry tool results. Undefined when there is none.
 *
 * @example
 * lastUserText({ messages: [{ role: 'user', content: 'Hi' }] }); // 'Hi'
 */
export function lastUserText(body: unknown): string | undefined {
  const messages = (body as { messages?: unknown } | undefined)?.messages;
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (!Array.isArray(m.content)) continue;
    const text = m.content
      .filter((p): p is { type: string; text: string } => p?.type === 'text' && typeof p.text === 'string')
      .map((p) => p.text)
      .join('');
    if (text) return text;
  }
  return undefined;
}
