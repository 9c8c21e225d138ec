/**
 * The support agent's tools: local functions with canned data, described to the model as OpenAI tools.
 */
import type { ChatCompletionTool } from 'openai/resources/chat/completions';

const orders: Record<string, { status: string; carrier: string; eta: string }> = {
  'A-1001': { status: 'shipped', carrier: 'DHL', eta: 'tomorrow' },
  'A-1002': { status: 'processing', carrier: 'pending', eta: 'in 3 days' },
};

const implementations: Record<string, (args: Record<string, unknown>) => unknown> = {
  get_order_status: (args) => orders[String(args.order_id)] ?? { error: `no order ${String(args.order_id)}` },
  get_weather: (args) => ({ city: String(args.city ?? args.location ?? 'Paris'), forecast: 'light rain', celsius: 14 }),
  search_docs: (args) => ({
    query: String(args.query ?? ''),
    hits: ['Returns are free within 30 days.', 'Express shipping arrives in 1-2 business days.'],
  }),
};

/**
 * The tool definitions sent with every request.
 *
 * @example
 * client.chat.completions.stream({ model, messages, tools: supportTools });
 */
export const supportTools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_order_status',
      description: 'Look up the shipping status of an order.',
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city (delivery delays).',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'search_docs',
      description: 'Search the help center.',
      parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    },
  },
];

/**
 * Runs a tool call from the model. Bad JSON or an unknown tool gives an error result for the model to read,
 * as a production agent would do, instead of crashing the loop.
 *
 * @example
 * runSupportTool('get_order_status', '{"order_id":"A-1001"}'); // { status: 'shipped', ... }
 */
export function runSupportTool(name: string, rawArguments: string): unknown {
  const implementation = implementations[name];
  if (!implementation) return { error: `unknown tool ${name}` };
  try {
    return implementation(rawArguments ? (JSON.parse(rawArguments) as Record<string, unknown>) : {});
  } catch {
    return { error: 'arguments are not valid JSON' };
  }
}
