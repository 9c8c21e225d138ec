// Shared by the UI browser test and bench/viewer-ui-latency.ts: build the UI if missing, launch Debian's Chromium,
// start the real viewer server in-process, and make OTLP JSON payloads.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const UI_DIR = resolve(import.meta.dirname, '../../dist/ui');

/** Builds dist/ui with Vite when it is not there (npm test builds it first; a lone test run may not have). */
export function ensureUiBuilt(): void {
  if (existsSync(resolve(UI_DIR, 'index.html'))) return;
  const result = spawnSync('npx', ['vite', 'build'], { cwd: resolve(UI_DIR, '../..'), stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
}

/** Launches headless Chromium from /usr/bin/chromium with flags that keep it off the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Random lower-case hex of `bytes` bytes (trace ids: 16, span ids: 8). */
export function hexId(bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += Math.floor(Math.random() * 256).toString(16).padStart(2, '0');
  return s;
}

/** A span in OTLP JSON form (times in ms since the epoch, converted to nano strings). */
export interface JsonSpanInput {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  endMs: number;
  attributes?: Record<string, string | number | boolean>;
  error?: boolean;
}

/** An OTLP/JSON `ExportTraceServiceRequest` with one resource and one scope. */
export function otlpJson(spans: JsonSpanInput[], serviceName = 'bench-svc'): string {
  const toNano = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
  const value = (v: string | number | boolean) =>
    typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
        scopeSpans: [
          {
            scope: { name: 'tracelight-test' },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
              kind: 1,
              startTimeUnixNano: toNano(s.startMs),
              endTimeUnixNano: toNano(s.endMs),
              attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({ key, value: value(v) })),
              status: s.error ? { code: 2, message: 'failed' } : {},
            })),
          },
        ],
      },
    ],
  });
}
