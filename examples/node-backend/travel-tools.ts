/**
 * The travel assistant's tools: local functions with canned data, described to the model as OpenAI tools.
 */
import type { ChatCompletionTool } from 'openai/resources/chat/completions';

const forecasts: Record<string, { forecast: string; celsius: number }> = {
  paris: { forecast: 'sunny', celsius: 18 },
  tokyo: { forecast: 'light rain', celsius: 22 },
};

const implementations: Record<string, (args: Record<string, unknown>) => unknown> = {
  get_weather: (args) => {
    const location = String(args.location ?? 'Paris');
    return { location, ...(forecasts[location.toLowerCase()] ?? { forecast: 'cloudy', celsius: 15 }) };
  },
  get_local_time: (args) => ({ location: String(args.location ?? 'Paris'), time: '14:05' }),
};

/**
 * The tool definitions sent with every request.
 *
 * @example
 * client.chat.completions.stream({ model, messages, tools: travelTools });
 */
export const travelTools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_local_time',
      description: 'Current local time in a city.',
      parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
    },
  },
];

/**
 * Runs a tool call from the model. Bad JSON or an unknown tool gives an error result for the model to read,
 * as a production agent would do, instead of crashing the loop.
 *
 * @example
 * runTravelTool('get_weather', '{"location":"Paris"}'); // { location: 'Paris', forecast: 'sunny', celsius: 18 }
 */
export function runTravelTool(name: string, rawArguments: string): unknown {
  const implementation = implementations[name];
  if (!implementation) return { error: `unknown tool ${name}` };
  try {
    return implementation(rawArguments ? (JSON.parse(rawArguments) as Record<string, unknown>) : {});
  } catch {
    return { error: 'arguments are not valid JSON' };
  }
}
