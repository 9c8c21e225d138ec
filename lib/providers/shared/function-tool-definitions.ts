import { asArray, asRecord } from './json-shape.js';

/**
 * Tool definitions in one neutral, flat shape (`{ type: 'function', name, description, parameters }`); tools that are
 * not plain functions (web search, code execution ...) are passed through as the provider described them.
 *
 * @example
 * functionToolDefinitions([{ type: 'function', function: { name: 'f', parameters: {} } }], (t) => t.function); // [{ type: 'function', name: 'f', parameters: {} }]
 */
export function functionToolDefinitions(
  tools: unknown,
  read: (tool: Record<string, any>) => { name?: unknown; description?: unknown; parameters?: unknown } | undefined,
): unknown[] | undefined {
  const list = asArray(tools);
  if (!list.length) return undefined;
  return list.map((tool) => {
    const fn = read(asRecord(tool));
    if (!fn || typeof fn.name !== 'string') return tool;
    const def: Record<string, unknown> = { type: 'function', name: fn.name };
    if (fn.description !== undefined) def.description = fn.description;
    if (fn.parameters !== undefined) def.parameters = fn.parameters;
    return def;
  });
}
