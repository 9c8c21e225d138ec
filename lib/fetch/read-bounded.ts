/**
 * Reads a body to text, giving up (and cancelling it) once more than `maxBytes` arrived, so reading a clone for
 * parsing can never hold more than `maxBytes` in either tee branch. Never throws; returns undefined when it gave up.
 *
 * @example
 * const text = await readBoundedText(response.clone().body, 8 * 1024 * 1024);
 */
export async function readBoundedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<string | undefined> {
  if (!body) return undefined;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        return undefined;
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return undefined;
  }
}
