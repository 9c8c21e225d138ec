/**
 * Parses a size such as `256mb`, `1.5GB`, `512k` or a plain number of bytes; null when malformed.
 * @example parseByteSize('256mb') // 268435456
 */
export function parseByteSize(text: string): number | null {
  const m = text.trim().toLowerCase().match(/^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/);
  if (!m) return null;
  const unit = m[2] ?? 'b';
  const factor = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('k') ? 1024 : 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  return bytes > 0 ? bytes : null;
}
