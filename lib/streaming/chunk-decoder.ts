/** Turns the byte chunks of one body into text, chunk by chunk. */
export interface ChunkDecoder {
  /** The text of the next chunk (bytes of a character split across chunks come out with the chunk that ends it). */
  decode(bytes: Uint8Array): string;
  /** Whatever an unfinished character left (U+FFFD), at the end of the body. */
  end(): string;
}

/**
 * UTF-8 decoding of a body's chunks that takes the decoder's stateless (much faster) path whenever it can: a chunk
 * that ends on an ASCII byte, with nothing left over from the one before, is complete on its own, as nearly every
 * SSE and NDJSON chunk is (they end with a newline). Only a chunk ending inside a multi-byte character switches to
 * streaming decode until a chunk ends cleanly again. A byte-order mark is dropped at the start of the body only.
 *
 * @example
 * const decoder = createChunkDecoder();
 * decoder.decode(new Uint8Array([0x68, 0xc3])) + decoder.decode(new Uint8Array([0xa9, 0x0a])) + decoder.end(); // 'hé\n'
 */
export function createChunkDecoder(): ChunkDecoder {
  // ignoreBOM: a stateless decode would drop U+FEFF at the start of every chunk; the body's own BOM is dropped below.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let pending = false; // the streaming decoder holds bytes of an unfinished character
  let first = true;
  return {
    decode(bytes) {
      const clean = bytes.length === 0 || bytes[bytes.length - 1]! < 0x80;
      let text: string;
      if (!pending && clean) {
        text = decoder.decode(bytes);
      } else {
        text = decoder.decode(bytes, STREAM);
        pending = !clean;
      }
      if (first && text.length) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      return text;
    },
    end() {
      if (!pending) return '';
      pending = false;
      return decoder.decode();
    },
  };
}

const STREAM: TextDecodeOptions = { stream: true };
