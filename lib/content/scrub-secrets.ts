import { SECRET_PARAM_IN_TEXT } from './secret-params.js';

/** Replaces credentials in a piece of text (an error message, a status, an upstream's answer). */
export type TextScrubber = (text: string) => string;

/** What stands in for a removed credential (the same word `scrubUrl` uses). */
export const REDACTED = 'REDACTED';

// `scheme://user:password@` at the start of a URL anywhere in the text: the user info goes, the URL stays readable.
const USERINFO_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi;

// Shorter values are not treated as secrets: replacing `dev` or `1` everywhere would only garble the text, and real
// keys are far longer. Derived forms (base64 fragments) must be longer still to be specific.
const MIN_SECRET_LENGTH = 6;
const MIN_DERIVED_LENGTH = 8;

/**
 * Removes credentials that any URL in `text` carries (user info, `?key=`-style parameters), whoever's they are.
 * @example scrubUrlsInText('GET https://u:KEY@host/x?api_key=K2 failed') // 'GET https://host/x?api_key=REDACTED failed'
 */
export function scrubUrlsInText(text: string): string {
  if (!text.includes('://') && !text.includes('=')) return text;
  return text.replace(USERINFO_IN_TEXT, '$1').replace(SECRET_PARAM_IN_TEXT, `$1${REDACTED}`);
}

/**
 * A scrubber for text that may echo known secrets (an API key, a header value) in any form a server or a runtime
 * could echo them: as is, in another case, URL-encoded, JSON-escaped, or base64-encoded at any byte alignment (as
 * inside a Basic credential or a base64 blob). URL credentials are removed too (`scrubUrlsInText`).
 *
 * @example
 * const scrub = createSecretScrubber(['sk-live-123456']);
 * scrub('invalid key SK-LIVE-123456'); // 'invalid key REDACTED'
 */
export function createSecretScrubber(secrets: Iterable<string>): TextScrubber {
  const forms = new Set<string>();
  for (const secret of secrets) for (const form of secretForms(secret)) forms.add(form);
  if (!forms.size) return scrubUrlsInText;
  // Longest first, so a form that contains a shorter one is replaced whole.
  const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
  return (text) => scrubUrlsInText(text).replace(pattern, REDACTED);
}

/**
 * Every form of one secret that `createSecretScrubber` looks for (case is handled by the match itself).
 * @example secretForms('sk-a/b+c=12') // ['sk-a/b+c=12', 'sk-a%2Fb%2Bc%3D12', ...base64 fragments]
 */
export function secretForms(secret: string): string[] {
  const value = secret.trim();
  if (value.length < MIN_SECRET_LENGTH) return [];
  const out = new Set<string>([value]);
  const uri = encodeURIComponent(value);
  out.add(uri);
  out.add(uri.replace(/%20/g, '+'));
  out.add(JSON.stringify(value).slice(1, -1));
  for (const cased of new Set([value, value.toLowerCase(), value.toUpperCase()])) {
    for (const fragment of base64Fragments(cased)) if (fragment.length >= MIN_DERIVED_LENGTH) out.add(fragment);
  }
  return [...out];
}

// The part of the base64 text that encodes `value` whatever bytes come before and after it: base64 maps 3 bytes to 4
// characters, so a value starting at byte offset 0, 1 or 2 of a group gives three different encodings; characters
// shared with the neighbouring bytes are cut off both ends. Both the standard and the URL-safe alphabet.
function base64Fragments(value: string): string[] {
  const bytes = new TextEncoder().encode(value);
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const b64 = toBase64(padded);
    const start = offset === 0 ? 0 : offset === 1 ? 2 : 3;
    const end = Math.floor(padded.length / 3) * 4;
    if (end <= start) continue;
    const fragment = b64.slice(start, end);
    out.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
