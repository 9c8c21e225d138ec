// The program every runtime test runs, written once in plain JavaScript so Bun, Deno, Node and workerd run the same
// code: a non-streamed and a streamed chat completion through the real `openai` SDK against the fake provider,
// first untraced (before `init`, with the runtime's own fetch), then traced (after `init` patched the global fetch),
// plus the raw bytes of both answers fetched both ways, so the test can check the results are byte-identical.

const MESSAGES = [{ role: 'user', content: 'Say hello' }];

/**
 * Runs the calls and returns what each produced. `tracelight` is the imported package (the runtime's own entry),
 * `OpenAI` the SDK's default export.
 *
 * @example
 * const result = await runOpenAiCalls({ tracelight, OpenAI, providerUrl, viewerUrl, serviceName: 'bun-app' });
 */
export async function runOpenAiCalls({ tracelight, OpenAI, providerUrl, viewerUrl, serviceName, waitUntil }) {
  const rawFetch = globalThis.fetch;
  const request = (stream) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-runtime-secret' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: MESSAGES, ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}) }),
  });
  const calls = async (client, f) => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
    const chunks = [];
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) chunks.push(chunk);
    const rawJson = await (await f(`${providerUrl}/v1/chat/completions`, request(false))).text();
    const rawSse = await (await f(`${providerUrl}/v1/chat/completions`, request(true))).text();
    return { completion: JSON.stringify(completion), chunks: JSON.stringify(chunks), rawJson, rawSse };
  };

  const untraced = await calls(new OpenAI({ apiKey: 'sk-runtime-secret', baseURL: `${providerUrl}/v1`, fetch: rawFetch, maxRetries: 0 }), rawFetch);

  tracelight.init({ endpoint: viewerUrl, serviceName, exportMode: 'batch' });
  const patched = globalThis.fetch !== rawFetch;
  // The client made after `init`, with no `fetch` option: the SDK picks up the patched global fetch, as in an app.
  const traced = await calls(new OpenAI({ apiKey: 'sk-runtime-secret', baseURL: `${providerUrl}/v1`, maxRetries: 0 }), globalThis.fetch);
  const flushed = tracelight.flush();
  if (waitUntil) waitUntil(flushed);
  else await flushed;
  return { patched, untraced, traced };
}
