// Secrets never reach a span in any form (issue 10.4): real openai, @anthropic-ai/sdk and @google/genai clients talk
// to the fake provider, whose `invalid-key` scenario echoes the request's key in the error body; URL user info that
// the runtime quotes in its own error; `?key=` echoed back; case-folded and base64 echoes; an app error in a tool.
// The whole exported span (attributes, status, events) is searched for the key in every encoding.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { tracedFetch, withTool } from '../../lib/node.js';
import { secretForms } from '../../lib/content/scrub-secrets.js';
import { caught, startHarness, type Harness } from '../helpers/traced-harness.js';
import type { SinkSpan } from '../helpers/otlp-sink.js';

const OPENAI_KEY = 'sk-proj-Qx7wT2vLm9ZkR4pN8sYd3HbF';
const ANTHROPIC_KEY = 'sk-ant-api03-Kd8sPq2LzX5mW9vR3tYb';
const GEMINI_KEY = 'AIzaSyD4kL9mQ2wX7vB3nR8tZ5pJ1hF6';
const URL_KEY = 'UrlPassw0rd-Zq8Kx3Lm';
const messages = [{ role: 'user' as const, content: 'Say hello' }];

let h: Harness;
before(async () => {
  h = await startHarness('http/json');
});
after(() => h.close());

/** Fails when the key appears in the span in any form a server or runtime could echo it. */
function assertNoKey(span: SinkSpan, key: string): void {
  const text = JSON.stringify(span);
  for (const form of [...secretForms(key), key.toLowerCase(), key.toUpperCase()]) {
    assert.ok(!text.toLowerCase().includes(form.toLowerCase()), `"${form}" (a form of the key) reached the span: ${text}`);
  }
}

describe('provider error bodies that echo the key', () => {
  test('openai: 401 "Incorrect API key provided: <key>"', async () => {
    const client = new OpenAI({ apiKey: OPENAI_KEY, baseURL: `${h.fake.url}/v1`, maxRetries: 0, fetch: tracedFetch });
    const mark = h.mark();
    const error = await caught(client.chat.completions.create({ model: 'gpt-4o-mini-invalid-key', messages }));
    // The app gets the provider's error untouched (the key is in it): only the span is scrubbed.
    assert.equal(error.status, 401);
    assert.match(error.message, new RegExp(OPENAI_KEY));
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
    assert.equal(span.attributes['error.type'], 'invalid_api_key');
    assert.match(span.status.message ?? '', /^Incorrect API key provided: REDACTED\./);
    assertNoKey(span, OPENAI_KEY);
  });

  test('openai streamed: the 401 before the stream is scrubbed the same way', async () => {
    const client = new OpenAI({ apiKey: OPENAI_KEY, baseURL: `${h.fake.url}/v1`, maxRetries: 0, fetch: tracedFetch });
    const mark = h.mark();
    const error = await caught(client.chat.completions.create({ model: 'gpt-4o-mini-invalid-key', messages, stream: true }));
    assert.equal(error.status, 401);
    const [span] = await h.spansSince(mark);
    assert.match(span.status.message ?? '', /REDACTED/);
    assertNoKey(span, OPENAI_KEY);
  });

  test('@anthropic-ai/sdk: 401 authentication_error echoing x-api-key', async () => {
    const client = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: h.fake.url, maxRetries: 0, fetch: tracedFetch });
    const mark = h.mark();
    const error = await caught(client.messages.create({ model: 'claude-haiku-4-5-invalid-key', max_tokens: 64, messages }));
    assert.equal(error.status, 401);
    assert.match(JSON.stringify(error.error), new RegExp(ANTHROPIC_KEY));
    const [span] = await h.spansSince(mark);
    assert.equal(span.attributes['error.type'], 'authentication_error');
    assert.equal(span.status.message, 'invalid x-api-key: REDACTED');
    assertNoKey(span, ANTHROPIC_KEY);
  });

  test('@google/genai: 400 API_KEY_INVALID echoing x-goog-api-key', async () => {
    const client = new GoogleGenAI({ apiKey: GEMINI_KEY, httpOptions: { baseUrl: h.fake.url, fetch: tracedFetch } });
    const mark = h.mark();
    const error = await caught(client.models.generateContent({ model: 'gemini-2.5-flash-invalid-key', contents: 'Hi' }));
    assert.match(String(error.message), new RegExp(GEMINI_KEY));
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
    assert.match(span.status.message ?? '', /key=REDACTED/);
    assertNoKey(span, GEMINI_KEY);
  });

  test('?key= in the URL, echoed by the provider: scrubbed from url.full and the status', async () => {
    const mark = h.mark();
    const url = `${h.fake.url}/v1beta/models/gemini-2.5-flash-invalid-key:generateContent?key=${GEMINI_KEY}`;
    const res = await tracedFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents: [{ parts: [{ text: 'Hi' }] }] }) });
    assert.equal(res.status, 400);
    assert.match(await res.text(), new RegExp(GEMINI_KEY));
    const [span] = await h.spansSince(mark);
    assert.match(String(span.attributes['url.full']), /\?key=REDACTED$/);
    assert.match(span.status.message ?? '', /REDACTED/);
    assertNoKey(span, GEMINI_KEY);
  });
});

describe('keys echoed in other encodings, and keys in URLs', () => {
  test('a body echoing the key lowercased, base64-encoded and URL-encoded is scrubbed of each', async () => {
    const key = 'Sk-Mixed/Case+Key=9f8e7d6c5b4a';
    const echo = createServer((req, res) => {
      req.resume();
      const sent = String(req.headers.authorization).replace(/^Bearer /, '');
      const message = `bad key ${sent.toLowerCase()} (b64 ${Buffer.from(`x:${sent}`).toString('base64')}) url ${encodeURIComponent(sent)}`;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', code: 'invalid_api_key' } }));
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    try {
      const mark = h.mark();
      const client = new OpenAI({ apiKey: key, baseURL: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`, maxRetries: 0, fetch: tracedFetch });
      const error = await caught(client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
      assert.equal(error.status, 401);
      const [span] = await h.spansSince(mark);
      assert.match(span.status.message ?? '', /^bad key REDACTED \(b64 \S*REDACTED\S*\) url REDACTED$/);
      assertNoKey(span, key);
    } finally {
      echo.closeAllConnections();
      await new Promise((r) => echo.close(r));
    }
  });

  test('URL user info (https://user:KEY@host): not in url.full, the status or the exception event the runtime error fills', async () => {
    const mark = h.mark();
    const base = new URL(`${h.fake.url}/v1`);
    base.username = 'me';
    base.password = URL_KEY;
    const client = new OpenAI({ apiKey: OPENAI_KEY, baseURL: base.href, maxRetries: 0, fetch: tracedFetch });
    const error = await caught(client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    assert.ok(error instanceof Error);
    const [span] = await h.spansSince(mark);
    const exception = span.events.find((e) => e.name === 'exception');
    assert.ok(exception, 'the runtime error is recorded');
    // Node's fetch refuses such URLs and quotes the URL, user info and all, in its message.
    assert.match(String(exception.attributes['exception.message']), /credentials/);
    assert.equal(String(span.attributes['url.full']), `${h.fake.url}/v1/chat/completions`);
    assertNoKey(span, URL_KEY);
    assertNoKey(span, OPENAI_KEY);
  });

  test("an app error quoting a URL with a key, thrown inside withTool: the tool span's exception and status are scrubbed", async () => {
    const mark = h.mark();
    const error = await caught(
      withTool('fetch_weather', async () => {
        throw new Error(`GET https://svc:${URL_KEY}@weather.example/v1?city=Paris&api_key=${URL_KEY} failed: 502`);
      }),
    );
    assert.match(error.message, new RegExp(URL_KEY)); // the app's own error is untouched
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.message, 'GET https://weather.example/v1?city=Paris&api_key=REDACTED failed: 502');
    assertNoKey(span, URL_KEY);
  });
});
