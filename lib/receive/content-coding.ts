/** The Content-Encodings OTLP receivers take. */
export type ContentCoding = 'identity' | 'gzip' | 'deflate';

/**
 * The coding a Content-Encoding header names: `gzip` and its old alias `x-gzip`, `deflate` (zlib-wrapped, as HTTP
 * means it), `identity` or none; null for anything else (the receiver answers 415).
 * @example contentCodingOf('x-gzip') // 'gzip'
 */
export function contentCodingOf(header: string | null | undefined): ContentCoding | null {
  const v = (header ?? '').trim().toLowerCase();
  if (v === '' || v === 'identity') return 'identity';
  if (v === 'gzip' || v === 'x-gzip') return 'gzip';
  if (v === 'deflate') return 'deflate';
  return null;
}
