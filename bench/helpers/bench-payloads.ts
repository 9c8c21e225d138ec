/**
 * Realistic OpenAI chat payloads for the library benchmarks: a request with a system prompt and a user message, a
 * 2 KB and a 20 KB completion, and a 200-event stream (plus a 20-event one, so the per-event cost can be told apart
 * from the per-stream cost). Deterministic, built once.
 */

const WORDS = 'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part'.split(' ');

/** `n` characters of word-like text (deterministic). */
export function text(n: number, seed = 1): string {
  let out = '';
  let i = seed;
  while (out.length < n) {
    i = (i * 1103515245 + 12345) & 0x7fffffff;
    out += WORDS[i % WORDS.length] + (i % 17 === 0 ? '. ' : ' ');
  }
  return out.slice(0, n);
}

/** The JSON body of a chat request (~1 KB: system prompt and user message), streamed or not. */
export function chatRequestBody(stream: boolean): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: `You are a helpful support assistant. ${text(500, 7)}` },
      { role: 'user', content: text(300, 11) },
    ],
    temperature: 0.3,
    max_tokens: 1024,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/** A chat.completion whose serialized size is about `bytes`. */
export function chatCompletion(bytes: number): string {
  const body = {
    id: 'chatcmpl-bench0000000000000000000000',
    object: 'chat.completion',
    created: 1746712345,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: '', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 210, completion_tokens: Math.round(bytes / 4), total_tokens: 210 + Math.round(bytes / 4), prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
  };
  const overhead = JSON.stringify(body).length;
  body.choices[0]!.message.content = text(Math.max(0, bytes - overhead), 3);
  return JSON.stringify(body);
}

/** The SSE events of a streamed chat completion with `events` events (the last one carries usage, then [DONE]). */
export function chatStreamEvents(events: number): string[] {
  const out: string[] = [];
  const head = '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1746712345,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_bench","choices":[';
  out.push(`data: ${head}{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}\n\n`);
  for (let i = 1; i < events - 2; i++) {
    out.push(`data: ${head}{"index":0,"delta":{"content":${JSON.stringify(text(6, i + 100))}},"logprobs":null,"finish_reason":null}],"usage":null}\n\n`);
  }
  out.push(`data: ${head}{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}\n\n`);
  out.push(`data: ${head}],"usage":{"prompt_tokens":210,"completion_tokens":${events - 3},"total_tokens":${210 + events - 3}}}\n\ndata: [DONE]\n\n`);
  return out;
}
