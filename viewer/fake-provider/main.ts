import { parseArgs } from 'node:util';
import { createFakeProvider } from './create-fake-provider.js';

// CLI: node --import tsx viewer/fake-provider/main.ts --port 4010 [--host 127.0.0.1] [--delay 200]
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    delay: { type: 'string' },
  },
});
const fake = await createFakeProvider({
  port: Number(values.port),
  host: values.host,
  eventDelayMs: values.delay === undefined ? undefined : Number(values.delay),
});
console.log(`fake provider listening on ${fake.url}`);
console.log(`  OpenAI:    new OpenAI({ baseURL: '${fake.url}/v1', apiKey: 'test' })`);
console.log(`  Anthropic: new Anthropic({ baseURL: '${fake.url}', apiKey: 'test' })`);
console.log(`  Gemini:    new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: '${fake.url}' } })`);
console.log(`  Ollama:    fetch('${fake.url}/api/chat', ...)`);
console.log(`  Scenarios: header 'x-fake-scenario: tools,slow-15' or keywords in the model name; GET ${fake.url}/ lists them`);
const shutdown = () => void fake.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
