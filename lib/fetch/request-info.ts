import type { RequestInfo as GenAiRequestInfo } from '../providers/provider-adapter.js';

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
  const request = isRequest(input) ? input : undefined;
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : request ? request.url : String(input);
  let url: URL;
  try {
    url = new URL(href, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    return undefined;
  }
  const method = (init?.method ?? (request ? request.method : 'GET')).toUpperCase();
  const rawHeaders = init?.headers ?? request?.headers;
  if (init?.body === undefined && request?.body && JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
    return request
      .clone()
      .text()
      .then((text) => lazyInfo(url, method, rawHeaders, text))
      .catch(() => lazyInfo(url, method, rawHeaders, undefined));
  }
  return lazyInfo(url, method, rawHeaders, init?.body ?? undefined);
}

/**
 * Whether a fetch input is a `Request` (false where the runtime has no `Request` class).
 *
 * @example
 * const signal = init?.signal ?? (isRequest(input) ? input.signal : undefined);
 */
export function isRequest(input: unknown): input is Request {
  return typeof Request === 'function' && input instanceof Request;
}

function lazyInfo(url: URL, method: string, rawHeaders: HeadersInit | undefined, rawBody: unknown): GenAiRequestInfo {
  return new LazyRequestInfo(url, method, rawHeaders, rawBody);
}

/** Headers and body are built on first access, once. A class: an object literal with getters costs ~50x more to make. */
class LazyRequestInfo implements GenAiRequestInfo {
  private h: Headers | undefined = undefined;
  private b: unknown = undefined;
  private parsed = false;
  constructor(
    readonly url: URL,
    readonly method: string,
    private readonly rawHeaders: HeadersInit | undefined,
    private readonly rawBody: unknown,
  ) {}
  get headers(): Headers {
    if (!this.h) {
      try {
        this.h = new Headers(this.rawHeaders);
      } catch {
        this.h = new Headers();
      }
    }
    return this.h;
  }
  get body(): unknown {
    if (!this.parsed) {
      this.parsed = true;
      this.b = parseBody(this.rawBody);
    }
    return this.b;
  }
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
  // Only JSON objects and arrays (skipping leading whitespace without copying the text).
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  const first = text[i];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
