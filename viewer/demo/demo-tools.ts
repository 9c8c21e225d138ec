/**
 * The tools the demo agents can call. They run locally and return canned but plausible data, so the
 * agent loop has real work to show as `execute_tool` spans without any network.
 */

/** A tool as the demo agents describe it to the model (JSON Schema parameters, shared by both wire formats). */
export interface DemoTool {
  name: string;
  description: string;
  parameters: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
  run(args: Record<string, unknown>): Promise<unknown>;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo's weather, which the canned answers in `demo-prompts.ts` repeat. */
const WEATHER: Record<string, { forecast: string; celsius: number }> = {
  paris: { forecast: 'sunny', celsius: 18 },
  tokyo: { forecast: 'light rain', celsius: 22 },
};

/**
 * The demo's tool set: weather, flight search and a calculator.
 *
 * @example
 * const weather = demoTools.find((tool) => tool.name === 'get_weather');
 * await weather?.run({ location: 'Paris' }); // { location: 'Paris', forecast: 'sunny', temperature: 18, unit: 'celsius' }
 */
export const demoTools: readonly DemoTool[] = [
  {
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['location'],
    },
    async run(args) {
      // A short pause so the tool span has a visible width in the waterfall.
      await wait(40 + Math.random() * 80);
      const location = typeof args.location === 'string' ? args.location : 'Paris';
      const known = WEATHER[location.toLowerCase()] ?? { forecast: 'cloudy', celsius: 15 };
      const fahrenheit = args.unit === 'fahrenheit';
      return {
        location,
        forecast: known.forecast,
        temperature: fahrenheit ? Math.round((known.celsius * 9) / 5 + 32) : known.celsius,
        unit: fahrenheit ? 'fahrenheit' : 'celsius',
      };
    },
  },
  {
    name: 'search_flights',
    description: 'Find direct flights between two cities on a date.',
    parameters: {
      type: 'object',
      properties: { from: { type: 'string' }, to: { type: 'string' }, date: { type: 'string' } },
      required: ['from', 'to'],
    },
    async run(args) {
      await wait(80 + Math.random() * 120);
      return {
        flights: [
          { flight: 'TL 204', from: args.from, to: args.to, departs: '08:15', priceEur: 129 },
          { flight: 'TL 318', from: args.from, to: args.to, departs: '17:40', priceEur: 94 },
        ],
      };
    },
  },
  {
    name: 'calculate',
    description: 'Evaluate a simple arithmetic expression.',
    parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
    async run(args) {
      await wait(5);
      const expression = String(args.expression ?? '');
      // Only digits and operators: this is a demo calculator, never an eval of model output.
      if (!/^[\d\s+\-*/().]+$/.test(expression)) return { error: 'unsupported expression' };
      const numbers = expression.match(/\d+(\.\d+)?/g)?.map(Number) ?? [];
      return { expression, approximateSum: numbers.reduce((a, b) => a + b, 0) };
    },
  },
];

/**
 * Runs the tool the model asked for; an unknown tool name yields an error result (as a real agent would
 * report it back to the model) rather than an exception.
 *
 * @example
 * const result = await runDemoTool('get_weather', '{"location":"Oslo"}');
 */
export async function runDemoTool(name: string, rawArguments: unknown): Promise<unknown> {
  const tool = demoTools.find((candidate) => candidate.name === name);
  if (!tool) return { error: `unknown tool ${name}` };
  let args: Record<string, unknown> = {};
  if (typeof rawArguments === 'string') {
    try {
      args = rawArguments ? (JSON.parse(rawArguments) as Record<string, unknown>) : {};
    } catch {
      return { error: 'arguments are not valid JSON' };
    }
  } else if (rawArguments && typeof rawArguments === 'object') {
    args = rawArguments as Record<string, unknown>;
  }
  return tool.run(args);
}
