import type { IncomingMessage, ServerResponse } from 'node:http';

/** Hostname of a Host header (`name:port`, `[v6]:port`), lowercased; null when malformed. */
function hostnameOf(host: string): string | null {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(0, end + 1) : null;
  }
  const colon = h.indexOf(':');
  const name = colon >= 0 ? h.slice(0, colon) : h;
  if (colon >= 0 && !/^\d{1,5}$/.test(h.slice(colon + 1))) return null;
  return name || null;
}

/**
 * Whether a hostname is a loopback name a DNS-rebinding page cannot claim: localhost, *.localhost, 127.0.0.1, [::1].
 * @example isLoopbackHostname('app.localhost') // true
 */
export function isLoopbackHostname(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  return n === 'localhost' || n.endsWith('.localhost') || n === '127.0.0.1' || n === '[::1]' || n === '::1';
}

/**
 * Checks a Host header against loopback names plus the names a user allowed (`--allow-host`; `*` allows any).
 * @example isAllowedHost('127.0.0.1:4318', []) // true
 */
export function isAllowedHost(host: string | undefined, allowed: readonly string[]): boolean {
  if (!host) return false;
  const name = hostnameOf(host);
  if (!name) return false;
  if (isLoopbackHostname(name)) return true;
  return allowed.some((a) => a === '*' || a.toLowerCase() === name);
}

/**
 * Whether a browser Origin may talk to the viewer: http(s) pages on loopback names (any port), or an allowed host.
 * @example isAllowedOrigin('http://localhost:5173', []) // true
 */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    // WHATWG URL lowercases http(s) host names and keeps an IPv6 host's brackets, as Host headers have them.
    const name = u.hostname;
    return isLoopbackHostname(name) || allowed.some((a) => a !== '*' && a.toLowerCase() === name);
  } catch {
    return false;
  }
}

/**
 * Applies the security defaults to a request: refuses a foreign Host (403, DNS rebinding) and a foreign Origin (403),
 * answers CORS preflights for allowed origins, and adds CORS headers (never `*`). Returns true when the request was
 * answered here.
 * @example if (guardRequest(req, res, allowedHosts)) return;
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse, allowedHosts: readonly string[]): boolean {
  if (!isAllowedHost(req.headers.host, allowedHosts)) {
    sendPlain(res, 403, 'Forbidden: unexpected Host header (start tracelight with --allow-host NAME to allow it)\n');
    return true;
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!isAllowedOrigin(origin, allowedHosts)) {
      sendPlain(res, 403, 'Forbidden: origin not allowed\n');
      return true;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
      // Echo what the exporter asks for (content-type, content-encoding, custom OTEL_EXPORTER_OTLP_HEADERS ...).
      const requested = req.headers['access-control-request-headers'];
      res.setHeader('Access-Control-Allow-Headers', requested || 'content-type, content-encoding');
      res.setHeader('Access-Control-Max-Age', '600');
      // Chrome's Private Network Access preflight for pages on other local origins.
      if (req.headers['access-control-request-private-network'] === 'true') {
        res.setHeader('Access-Control-Allow-Private-Network', 'true');
      }
      res.statusCode = 204;
      res.end();
      return true;
    }
  }
  return false;
}

/**
 * Sends a small plain-text answer.
 * @example sendPlain(res, 404, 'Not found\n')
 */
export function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

/**
 * Sends JSON.
 * @example sendJson(res, 200, { ok: true })
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}
