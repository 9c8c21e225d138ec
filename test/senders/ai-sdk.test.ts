// the ai SDK's experimental_telemetry (generate, stream, embed, tools, Anthropic cache) -> fake provider -> a real viewer: the genAi view of every case, from GET /api/traces/:id.
import { after, before, test } from 'node:test';
import { createAiSdkSender } from '../helpers/senders/ai-sdk-telemetry.js';
import { startLiveSender, type LiveSender } from '../helpers/senders/live-viewer.js';
import { VIEW_EXPECTATIONS } from '../helpers/senders/view-expectations.js';

const CASES = Object.keys(VIEW_EXPECTATIONS).filter((k) => k.startsWith('ai-sdk/')).map((k) => k.slice('ai-sdk/'.length));
let live: LiveSender;
before(async () => {
  live = await startLiveSender('ai-sdk', createAiSdkSender);
});
after(() => live.close());

for (const name of CASES) {
  test(`ai-sdk: ${name}`, async () => {
    VIEW_EXPECTATIONS[`ai-sdk/${name}`](await live.run(name));
  });
}
