import { createSecretScrubber, scrubUrlsInText, type TextScrubber } from './scrub-secrets.js';
import { isSecretParam } from './secret-params.js';

/** Where a request keeps its credentials: its URL and the headers it was sent with (never its body). */
export interface RequestCredentials {
  url: URL;
  headers: HeadersInit | undefined;
}

// Headers whose values are credentials: Authorization and Proxy-Authorization, the providers' key headers
// (`x-api-key`, `api-key`, `x-goog-api-key`) and anything else named like a key, token, secret or cookie.
const SECRET_HEADER = /auth|key|token|secret|password|cookie|credential|signature/i;

/**
 * The credential values a request carries: key-like header values (and the token inside `Bearer`/`Basic`), URL user
 * info, and the values of `?key=`-style query parameters.
 *
 * @example
 * requestSecrets({ url: new URL('https://h/x?key=K1'), headers: { authorization: 'Bearer K2' } }); // ['K1', 'Bearer K2', 'K2']
 */
export function requestSecrets(credentials: RequestCredentials): string[] {
  const out: string[] = [];
  const { url } = credentials;
  if (url.username) out.push(url.username, safeDecode(url.username));
  if (url.password) out.push(url.password, safeDecode(url.password));
  if (url.search) {
    for (const [name, value] of url.searchParams) if (value && isSecretParam(name)) out.push(value);
  }
  let headers: Headers;
  try {
    headers = new Headers(credentials.headers);
  } catch {
    return out;
  }
  headers.forEach((value, name) => {
    if (!SECRET_HEADER.test(name)) return;
    out.push(value);
    const scheme = /^(\w+)\s+(.+)$/.exec(value.trim());
    if (!scheme) return;
    out.push(scheme[2]!);
    if (scheme[1]!.toLowerCase() === 'basic') {
      const decoded = safeAtob(scheme[2]!);
      const colon = decoded?.indexOf(':') ?? -1;
      if (decoded && colon >= 0) out.push(decoded.slice(colon + 1));
    }
  });
  return out;
}

/**
 * A scrubber for the text of one request's errors (status messages, exception events, provider error bodies), built
 * on first use only: the common, successful call never pays for it.
 *
 * @example
 * const scrub = lazyRequestScrubber({ url, headers: init?.headers });
 * span.setStatus({ code: SpanStatusCode.ERROR, message: scrub(message) });
 */
export function lazyRequestScrubber(credentials: RequestCredentials | undefined): TextScrubber {
  if (!credentials) return scrubUrlsInText;
  let scrub: TextScrubber | undefined;
  return (text) => {
    if (!scrub) {
      try {
        scrub = createSecretScrubber(requestSecrets(credentials));
      } catch {
        scrub = scrubUrlsInText;
      }
    }
    return scrub(text);
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function safeAtob(text: string): string | undefined {
  try {
    return atob(text);
  } catch {
    return undefined;
  }
}
