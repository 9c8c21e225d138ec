import type { Attributes } from './api-types.js';
import type { ReplayProvider, ReplayWire } from './replay-types.js';

/** Where and how a call would be replayed. */
export type ReplayTarget =
  | {
      ok: true;
      wire: ReplayWire;
      provider: ReplayProvider;
      /** The endpoint with `{model}` where the model goes in the path (Gemini); no query, no credentials. */
      endpoint: string;
      /** The origin the call goes to (`https://api.openai.com`). */
      origin: string;
      /** True for localhost, 127.0.0.0/8, [::1] and *.localhost: no key needed. */
      loopback: boolean;
    }
  | { ok: false; reason: string };

const DEFAULT_ENDPOINTS: Record<ReplayProvider, string> = {
  openai: 'https://api.openai.com/v1/chat/completions',
  anthropic: 'https://api.anthropic.com/v1/messages',
  gemini: 'https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent',
  ollama: 'http://localhost:11434/api/chat',
};

const PROVIDER_OF: Record<string, ReplayProvider> = {
  openai: 'openai',
  'azure.ai.openai': 'openai',
  anthropic: 'anthropic',
  'gcp.gemini': 'gemini',
  gemini: 'gemini',
  google: 'gemini',
  ollama: 'ollama',
};

const WIRE_OF: Record<ReplayProvider, ReplayWire> = {
  openai: 'openai-chat',
  anthropic: 'anthropic-messages',
  gemini: 'gemini-generate',
  ollama: 'ollama-chat',
};

/**
 * Works out where an LLM span's call would be replayed: the wire format from the URL path the call used (`url.full`,
 * recorded by this library), so OpenAI-compatible hosts and local models are replayed where they ran; else from the
 * provider name (and `server.address` / `server.port`). Only chat calls in a supported wire format qualify. Pure, so
 * the UI can say where a replay would go before asking the server.
 *
 * @example
 * replayTarget({ 'gen_ai.operation.name': 'chat', 'url.full': 'http://127.0.0.1:11434/v1/chat/completions' });
 * // { ok: true, wire: 'openai-chat', provider: 'openai', endpoint: 'http://127.0.0.1:11434/v1/chat/completions', loopback: true, … }
 */
export function replayTarget(attributes: Attributes): ReplayTarget {
  const operation = str(attributes['gen_ai.operation.name']);
  if (operation && operation !== 'chat' && operation !== 'generate_content' && operation !== 'text_completion') {
    return { ok: false, reason: `Replay sends chat calls; this span is a "${operation}" call.` };
  }
  const full = str(attributes['url.full']);
  if (full) {
    let url: URL;
    try {
      url = new URL(full);
    } catch {
      return { ok: false, reason: `The recorded URL ${full} cannot be parsed.` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `Replay sends HTTP(S) calls, not ${url.protocol}.` };
    const path = url.pathname.replace(/\/+$/, '');
    const base = `${url.origin}`;
    if (path.endsWith('/chat/completions')) return target('openai-chat', 'openai', `${base}${path}`);
    if (/\/v1\/messages$/.test(path)) return target('anthropic-messages', 'anthropic', `${base}${path}`);
    const gemini = /^(.*\/models\/)[^/:]+:(?:generateContent|streamGenerateContent)$/.exec(path);
    if (gemini) return target('gemini-generate', 'gemini', `${base}${gemini[1]}{model}:generateContent`);
    if (path.endsWith('/api/chat')) return target('ollama-chat', 'ollama', `${base}${path}`);
    return { ok: false, reason: `Replay knows Chat Completions, Anthropic Messages, Gemini generateContent and Ollama /api/chat; this call went to ${url.pathname}.` };
  }
  const name = str(attributes['gen_ai.provider.name']) ?? str(attributes['gen_ai.system']);
  const provider = name ? PROVIDER_OF[name.toLowerCase()] : undefined;
  if (!provider) return { ok: false, reason: name ? `Replay does not know the provider "${name}".` : 'The span names no provider and no URL to send the call to.' };
  let endpoint = DEFAULT_ENDPOINTS[provider];
  const host = str(attributes['server.address']);
  if (host) {
    const port = attributes['server.port'];
    const u = new URL(endpoint);
    u.hostname = host;
    u.port = typeof port === 'number' || typeof port === 'string' ? String(port) : u.port;
    if (isLoopbackHost(u.hostname)) u.protocol = 'http:';
    endpoint = u.href.replace('%7Bmodel%7D', '{model}');
  }
  return target(WIRE_OF[provider], provider, endpoint);
}

/**
 * Whether a host name is loopback (calls there stay on this machine, so no key is needed).
 *
 * @example
 * isLoopbackHost('127.0.0.1'); // true
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function target(wire: ReplayWire, provider: ReplayProvider, endpoint: string): ReplayTarget {
  const url = new URL(endpoint.replace('{model}', 'm'));
  return { ok: true, wire, provider, endpoint, origin: url.origin, loopback: isLoopbackHost(url.hostname) };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}
