import { isLoopbackHost } from '../shared/replay-target.js';
import type { ReplayKeyStatus, ReplayProvider } from '../shared/replay-types.js';

/** The environment the viewer reads keys from (`process.env` in the CLI). */
export type ReplayEnv = Readonly<Record<string, string | undefined>>;

interface KeySource {
  keyVariables: string[];
  baseUrlVariable: string;
  defaultOrigin: string;
}

const SOURCES: Partial<Record<ReplayProvider, KeySource>> = {
  openai: { keyVariables: ['OPENAI_API_KEY'], baseUrlVariable: 'OPENAI_BASE_URL', defaultOrigin: 'https://api.openai.com' },
  anthropic: { keyVariables: ['ANTHROPIC_API_KEY'], baseUrlVariable: 'ANTHROPIC_BASE_URL', defaultOrigin: 'https://api.anthropic.com' },
  gemini: { keyVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'], baseUrlVariable: 'GEMINI_BASE_URL', defaultOrigin: 'https://generativelanguage.googleapis.com' },
};

/** What a replay to one origin may send: a key (and the variable it came from), none, or a refusal. */
export type ReplayCredential =
  | { ok: true; key: string | null; keyVariable: string | null }
  | { ok: false; error: string; keyVariable?: string };

/**
 * The status of each provider's key, for `GET /api/replay` (the key itself never leaves the server).
 *
 * @example
 * replayKeyStatus({ OPENAI_API_KEY: 'sk-…' })[0]; // { provider: 'openai', keyVariable: 'OPENAI_API_KEY', keySet: true, keyOrigin: 'https://api.openai.com', … }
 */
export function replayKeyStatus(env: ReplayEnv): ReplayKeyStatus[] {
  const out: ReplayKeyStatus[] = [];
  for (const provider of ['openai', 'anthropic', 'gemini'] as const) {
    const source = SOURCES[provider]!;
    const found = keyOf(source, env);
    out.push({
      provider,
      keyVariable: found?.variable ?? source.keyVariables[0],
      keySet: !!found,
      keyOrigin: found ? originOf(source, env) : null,
      baseUrlVariable: source.baseUrlVariable,
    });
  }
  out.push({ provider: 'ollama', keyVariable: null, keySet: false, keyOrigin: null, baseUrlVariable: null });
  return out;
}

/**
 * Decides what a replay to `origin` may send. A key goes only to the origin it belongs to: the provider's own API, or
 * the one its `*_BASE_URL` names (how the official SDKs move a key to a compatible host). A loopback origin (Ollama,
 * vLLM, a local gateway) gets the call without a key when the key belongs elsewhere. Anything else is refused, naming
 * what to set.
 *
 * @example
 * replayCredential('openai', 'https://api.groq.com', { OPENAI_API_KEY: 'sk-…' });
 * // { ok: false, error: 'OPENAI_API_KEY is for https://api.openai.com; …' }
 */
export function replayCredential(provider: ReplayProvider, origin: string, env: ReplayEnv): ReplayCredential {
  const source = SOURCES[provider];
  const loopback = isLoopbackHost(new URL(origin).hostname);
  if (!source) return loopback ? { ok: true, key: null, keyVariable: null } : { ok: false, error: `Replay sends ${provider} calls to loopback hosts only (this one went to ${origin}).` };
  const found = keyOf(source, env);
  const keyOrigin = originOf(source, env);
  if (found && keyOrigin === origin) return { ok: true, key: found.value, keyVariable: found.variable };
  if (loopback) return { ok: true, key: null, keyVariable: null };
  const variable = source.keyVariables[0];
  if (!found) {
    return {
      ok: false,
      error: `Replay of ${provider} calls is off: start the viewer with ${variable} set${origin !== source.defaultOrigin ? ` and ${source.baseUrlVariable}=${origin}` : ''} (the key stays on the server; the browser never sees it).`,
      keyVariable: variable,
    };
  }
  return {
    ok: false,
    error: `${found.variable} is for ${keyOrigin}, and this call went to ${origin}: the key is never sent to another host. To replay it, start the viewer with ${source.baseUrlVariable} pointing at ${origin} and that host's key in ${variable}.`,
    keyVariable: variable,
  };
}

function keyOf(source: KeySource, env: ReplayEnv): { variable: string; value: string } | null {
  for (const variable of source.keyVariables) {
    const value = env[variable]?.trim();
    if (value) return { variable, value };
  }
  return null;
}

function originOf(source: KeySource, env: ReplayEnv): string {
  const base = env[source.baseUrlVariable]?.trim();
  if (base) {
    try {
      return new URL(base).origin;
    } catch {
      // An unparsable base URL moves the key nowhere.
    }
  }
  return source.defaultOrigin;
}
