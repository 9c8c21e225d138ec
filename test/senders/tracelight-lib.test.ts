// Tracelight itself with the real Anthropic, OpenAI and Google clients, and its entity helpers -> fake provider -> a real viewer: the genAi view of every case, from GET /api/traces/:id.
import { after, before, test } from 'node:test';
import { createTracelightSender } from '../helpers/senders/tracelight-lib.js';
import { startLiveSender, type LiveSender } from '../helpers/senders/live-viewer.js';
import { VIEW_EXPECTATIONS } from '../helpers/senders/view-expectations.js';

const CASES = Object.keys(VIEW_EXPECTATIONS).filter((k) => k.startsWith('tracelight-lib/')).map((k) => k.slice('tracelight-lib/'.length));
let live: LiveSender;
before(async () => {
  live = await startLiveSender('tracelight-lib', createTracelightSender);
});
after(() => live.close());

for (const name of CASES) {
  test(`tracelight-lib: ${name}`, async () => {
    VIEW_EXPECTATIONS[`tracelight-lib/${name}`](await live.run(name));
  });
}
