// @arizeai/openinference-instrumentation-openai (and openinference-core's application spans) -> fake provider -> a real viewer: the genAi view of every case, from GET /api/traces/:id.
import { after, before, test } from 'node:test';
import { createOpenInferenceSender } from '../helpers/senders/openinference-openai.js';
import { startLiveSender, type LiveSender } from '../helpers/senders/live-viewer.js';
import { VIEW_EXPECTATIONS } from '../helpers/senders/view-expectations.js';

const CASES = Object.keys(VIEW_EXPECTATIONS).filter((k) => k.startsWith('openinference-openai/')).map((k) => k.slice('openinference-openai/'.length));
let live: LiveSender;
before(async () => {
  live = await startLiveSender('openinference-openai', createOpenInferenceSender);
});
after(() => live.close());

for (const name of CASES) {
  test(`openinference-openai: ${name}`, async () => {
    VIEW_EXPECTATIONS[`openinference-openai/${name}`](await live.run(name));
  });
}
