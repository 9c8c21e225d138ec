/**
 * Puts another answer text into a recorded reply, keeping everything else of the wire format (ids, event order,
 * finish reasons, the usage chunk). Used when a caller of the fake provider supplies canned answers (the demo does,
 * so each answer fits its prompt); the recorded text stays the default.
 */

/** Rough token count of a text (about four characters a token, as providers' English averages go). */
export function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Splits an answer into stream deltas the way providers do: a word with its leading space per piece.
 *
 * @example
 * textDeltas('It is 18 °C.'); // ['It', ' is', ' 18', ' °C.']
 */
export function textDeltas(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [text];
}

/** Replaces the events `isDelta` accepts with one event per delta of `text`, built by `make` from the first one. */
function replaceDeltas(events: string[], isDelta: (event: string) => boolean, make: (template: string, piece: string) => string, text: string): string[] {
  const first = events.findIndex(isDelta);
  if (first < 0) return events;
  let last = first;
  for (let i = first; i < events.length; i++) if (isDelta(events[i])) last = i;
  const template = events[first];
  return [...events.slice(0, first), ...textDeltas(text).map((piece) => make(template, piece)), ...events.slice(last + 1)];
}

/** Rewrites the JSON of one `data:` line of an SSE event, keeping an `event:` line before it. */
function mapSseData(event: string, map: (data: any) => unknown): string {
  return event.replace(/^data: (.*)$/m, (_, json: string) => `data: ${JSON.stringify(map(JSON.parse(json)))}`);
}

/**
 * An OpenAI Chat Completions reply (JSON or the SSE events) with `text` as the assistant's content and usage counts
 * that fit it.
 *
 * @example
 * openAiChatJsonWithText(readFixture('openai/chat-text.json'), 'Paris.', 12);
 */
export function openAiChatJsonWithText(body: string, text: string, inputTokens: number): string {
  const reply = JSON.parse(body);
  if (reply.choices?.[0]?.message) reply.choices[0].message.content = text;
  if (reply.usage) setOpenAiUsage(reply.usage, inputTokens, roughTokens(text));
  return JSON.stringify(reply, null, 2);
}

/** @see openAiChatJsonWithText; `events` are whole SSE events as `splitSse` returns them. */
export function openAiChatEventsWithText(events: string[], text: string, inputTokens: number): string[] {
  const isDelta = (e: string) => e.includes('"delta":{"content":');
  const replaced = replaceDeltas(
    events,
    isDelta,
    (template, piece) =>
      mapSseData(template, (chunk) => {
        chunk.choices[0].delta = { content: piece };
        return chunk;
      }),
    text,
  );
  return replaced.map((e) =>
    e.includes('"usage":{') ? mapSseData(e, (chunk) => (setOpenAiUsage(chunk.usage, inputTokens, roughTokens(text)), chunk)) : e,
  );
}

function setOpenAiUsage(usage: Record<string, unknown>, input: number, output: number): void {
  usage.prompt_tokens = input;
  usage.completion_tokens = output;
  usage.total_tokens = input + output;
}

/**
 * An Anthropic Messages reply (JSON or the SSE events) whose text block says `text`, with usage counts that fit it.
 *
 * @example
 * anthropicJsonWithText(readFixture('anthropic/messages-text.json'), 'Paris.', 12);
 */
export function anthropicJsonWithText(body: string, text: string, inputTokens: number): string {
  const reply = JSON.parse(body);
  const block = reply.content?.find((b: { type?: string }) => b.type === 'text');
  if (block) block.text = text;
  if (reply.usage) {
    reply.usage.input_tokens = inputTokens;
    reply.usage.output_tokens = roughTokens(text);
  }
  return JSON.stringify(reply, null, 2);
}

/** @see anthropicJsonWithText; `events` are whole SSE events as `splitSse` returns them. */
export function anthropicEventsWithText(events: string[], text: string, inputTokens: number): string[] {
  const isDelta = (e: string) => e.startsWith('event: content_block_delta') && e.includes('"text_delta"');
  const replaced = replaceDeltas(
    events,
    isDelta,
    (template, piece) =>
      mapSseData(template, (event) => {
        event.delta.text = piece;
        return event;
      }),
    text,
  );
  return replaced.map((e) => {
    if (e.startsWith('event: message_start')) {
      return mapSseData(e, (event) => ((event.message.usage.input_tokens = inputTokens), event));
    }
    if (e.startsWith('event: message_delta')) {
      return mapSseData(e, (event) => {
        if (event.usage) {
          if ('input_tokens' in event.usage) event.usage.input_tokens = inputTokens;
          event.usage.output_tokens = roughTokens(text);
        }
        return event;
      });
    }
    return e;
  });
}
