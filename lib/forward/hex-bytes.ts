// Byte <-> hex/base64 helpers with Web APIs only (no Buffer), fast enough for ids on the ingest path.

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Lowercase hex of some bytes.
 * @example bytesToHex(new Uint8Array([1, 255])) // '01ff'
 */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

/**
 * Bytes of a hex string; null when it is not even-length hex.
 * @example hexToBytes('01ff') // Uint8Array [1, 255]
 */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Base64 of some bytes.
 * @example bytesToBase64(new Uint8Array([104, 105])) // 'aGk='
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Bytes of a base64 (or base64url) string; null when it is not base64.
 * @example base64ToBytes('aGk=') // Uint8Array [104, 105]
 */
export function base64ToBytes(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}
