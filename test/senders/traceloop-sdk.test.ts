// @traceloop/node-server-sdk (OpenAI, Anthropic, LangChain, the AI SDK rewrite, decorators) -> fake provider -> a real viewer: the genAi view of every case, from GET /api/traces/:id.
import { after, before, test } from 'node:test';
import { createTraceloopSender } from '../helpers/senders/traceloop-sdk.js';
import { startLiveSender, type LiveSender } from '../helpers/senders/live-viewer.js';
import { VIEW_EXPECTATIONS } from '../helpers/senders/view-expectations.js';

const CASES = Object.keys(VIEW_EXPECTATIONS).filter((k) => k.startsWith('traceloop-sdk/')).map((k) => k.slice('traceloop-sdk/'.length));
let live: LiveSender;
before(async () => {
  live = await startLiveSender('traceloop-sdk', createTraceloopSender);
});
after(() => live.close());

for (const name of CASES) {
  test(`traceloop-sdk: ${name}`, async () => {
    VIEW_EXPECTATIONS[`traceloop-sdk/${name}`](await live.run(name));
  });
}
