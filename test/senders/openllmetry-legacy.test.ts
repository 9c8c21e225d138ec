// @traceloop/instrumentation-openai 0.20 (the indexed gen_ai.prompt.N dialect) -> fake provider -> a real viewer: the genAi view of every case, from GET /api/traces/:id.
import { after, before, test } from 'node:test';
import { createLegacyOpenLlmetrySender } from '../helpers/senders/openllmetry-legacy.js';
import { startLiveSender, type LiveSender } from '../helpers/senders/live-viewer.js';
import { VIEW_EXPECTATIONS } from '../helpers/senders/view-expectations.js';

const CASES = Object.keys(VIEW_EXPECTATIONS).filter((k) => k.startsWith('openllmetry-legacy/')).map((k) => k.slice('openllmetry-legacy/'.length));
let live: LiveSender;
before(async () => {
  live = await startLiveSender('openllmetry-legacy', createLegacyOpenLlmetrySender);
});
after(() => live.close());

for (const name of CASES) {
  test(`openllmetry-legacy: ${name}`, async () => {
    VIEW_EXPECTATIONS[`openllmetry-legacy/${name}`](await live.run(name));
  });
}
