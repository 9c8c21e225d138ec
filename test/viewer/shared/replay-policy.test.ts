// Where a replay goes and what key it may carry: the wire format from the recorded URL (compatible hosts and local
// models replayed where they ran), a key only for the origin it belongs to, loopback without a key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replayCredential } from '../../../viewer/server/replay-credentials.js';
import { replayTarget } from '../../../viewer/shared/replay-target.js';

test('the target follows the URL the call used', () => {
  const t = (url: string) => replayTarget({ 'gen_ai.operation.name': 'chat', 'url.full': url });
  assert.deepEqual(t('http://127.0.0.1:11434/v1/chat/completions'), { ok: true, wire: 'openai-chat', provider: 'openai', endpoint: 'http://127.0.0.1:11434/v1/chat/completions', origin: 'http://127.0.0.1:11434', loopback: true });
  assert.equal((t('https://api.anthropic.com/v1/messages') as { wire: string }).wire, 'anthropic-messages');
  assert.equal((t('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=REDACTED') as { endpoint: string }).endpoint, 'https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent');
  assert.equal((t('http://localhost:11434/api/chat') as { wire: string }).wire, 'ollama-chat');
  assert.equal(t('https://api.openai.com/v1/embeddings').ok, false);
  assert.equal(replayTarget({ 'gen_ai.operation.name': 'embeddings', 'url.full': 'https://api.openai.com/v1/embeddings' }).ok, false);
  // No URL (another sender): the provider's API, at server.address when given.
  assert.equal((replayTarget({ 'gen_ai.system': 'anthropic' }) as { endpoint: string }).endpoint, 'https://api.anthropic.com/v1/messages');
  assert.equal((replayTarget({ 'gen_ai.provider.name': 'ollama', 'server.address': '127.0.0.1', 'server.port': 11500 }) as { endpoint: string }).endpoint, 'http://127.0.0.1:11500/api/chat');
});

test('a key goes only to its own origin; loopback needs none; the rest is refused with the variable to set', () => {
  const env = { OPENAI_API_KEY: 'sk-1' };
  assert.deepEqual(replayCredential('openai', 'https://api.openai.com', env), { ok: true, key: 'sk-1', keyVariable: 'OPENAI_API_KEY' });
  assert.deepEqual(replayCredential('openai', 'http://127.0.0.1:11434', env), { ok: true, key: null, keyVariable: null });
  const groq = replayCredential('openai', 'https://api.groq.com', env);
  assert.equal(groq.ok, false);
  assert.deepEqual(replayCredential('openai', 'https://api.groq.com', { ...env, OPENAI_BASE_URL: 'https://api.groq.com/openai/v1' }), { ok: true, key: 'sk-1', keyVariable: 'OPENAI_API_KEY' });
  // Moving the key elsewhere takes it away from api.openai.com.
  assert.equal(replayCredential('openai', 'https://api.openai.com', { ...env, OPENAI_BASE_URL: 'https://api.groq.com/openai/v1' }).ok, false);
  const off = replayCredential('anthropic', 'https://api.anthropic.com', {});
  assert.equal(off.ok, false);
  assert.equal((off as { keyVariable?: string }).keyVariable, 'ANTHROPIC_API_KEY');
  assert.deepEqual(replayCredential('gemini', 'https://generativelanguage.googleapis.com', { GOOGLE_API_KEY: 'g' }), { ok: true, key: 'g', keyVariable: 'GOOGLE_API_KEY' });
  assert.equal(replayCredential('ollama', 'https://ollama.example.com', {}).ok, false);
});
