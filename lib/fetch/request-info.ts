import type { RequestInfo as GenAiRequestInfo } from '../providers/provider-adapter';

const JSON_TYPE = /json/i;

/**
 * Builds the adapter's view of a fetch call without changing or consuming the request: the body is parsed lazily
 * (on first access, once) and only when it is a string or bytes in `init`; a `Request` body is read from a clone,
 * and only when it is declared as JSON. Returns undefined for URLs that cannot be parsed.
 *
 * @example
 * const info = await describeRequest('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{}' });
 */
export function describeRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
): GenAiRequestInfo | Promise<GenAiRequestInfo | undefined> | undefined {
  const isRequest = typeof Request !== 'undefined' && input instanceof Request;
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : isRequest ? input.url : String(input);
  let url: URL;
  try {
    url = new URL(href, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    return undefined;
  }
  const method = (init?.method ?? (isRequest ? (input as Request).method : 'GET')).toUpperCase();
  const rawHeaders = init?.headers ?? (isRequest ? (input as Request).headers : undefined);
  if (init?.body === undefined && isRequest && (input as Request).body && JSON_TYPE.test((input as Request).headers.get('content-type') ?? '')) {
    return (input as Request)
      .clone()
      .text()
      .then((text) => lazyInfo(url, method, rawHeaders, text))
      .catch(() => lazyInfo(url, method, rawHeaders, undefined));
  }
  return lazyInfo(url, method, rawHeaders, init?.body ?? undefined);
}

function lazyInfo(url: URL, method: string, rawHeaders: HeadersInit | undefined, rawBody: unknown): GenAiRequestInfo {
  let headers: Headers | undefined;
  let parsed = false;
  let body: unknown;
  return {
    url,
    method,
    get headers() {
      if (!headers) {
        try {
          headers = new Headers(rawHeaders);
        } catch {
          headers = new Headers();
        }
      }
      return headers;
    },
    get body() {
      if (!parsed) {
        parsed = true;
        body = parseBody(rawBody);
      }
      return body;
    },
  };
}

function parseBody(raw: unknown): unknown {
  let text: string | undefined;
  if (typeof raw === 'string') text = raw;
  else if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
    try {
      text = new TextDecoder().decode(raw as ArrayBuffer);
    } catch {
      return undefined;
    }
  }
  if (text === undefined) return undefined;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
