/**
 * Folds Vertex AI's streamed function-call arguments (`functionCall.partialArgs`, sent when the request sets
 * `toolConfig.functionCallingConfig.streamFunctionCallArguments`) into one arguments object. Each entry names a
 * value by an RFC 9535 JSON path (`$.recipe.items[0].name`, `$['a b']`) and carries one typed value; a string arrives
 * in pieces that are appended, ending with a piece without `willContinue` (often `""`).
 * https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/Content#PartialArg
 *
 * Paths it cannot read, keys that would reach `Object.prototype`, and indexes past the end of an array (which would
 * allocate a huge sparse array) are skipped: the data comes from the network.
 *
 * @example
 * const args = {};
 * applyPartialArgs(args, [{ jsonPath: '$.location', stringValue: 'Par', willContinue: true }]);
 * applyPartialArgs(args, [{ jsonPath: '$.location', stringValue: 'is' }, { jsonPath: '$.days', numberValue: 3 }]);
 * args; // { location: 'Paris', days: 3 }
 */
export function applyPartialArgs(target: Record<string, unknown>, partialArgs: unknown): void {
  if (!Array.isArray(partialArgs)) return;
  for (const arg of partialArgs) {
    if (!arg || typeof arg !== 'object') continue;
    const keys = typeof arg.jsonPath === 'string' ? parseJsonPath(arg.jsonPath) : undefined;
    if (!keys?.length) continue;
    const value =
      typeof arg.stringValue === 'string' ? arg.stringValue
      : typeof arg.numberValue === 'number' ? arg.numberValue
      : typeof arg.boolValue === 'boolean' ? arg.boolValue
      : 'nullValue' in arg ? null
      : undefined;
    if (value !== undefined) setAt(target, keys, value);
  }
}

function setAt(root: Record<string, unknown>, keys: Array<string | number>, value: unknown): void {
  let node: any = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (typeof key === 'number' ? !Array.isArray(node) || key > node.length : Array.isArray(node) || UNSAFE.has(key)) return;
    if (i === keys.length - 1) {
      const old = node[key];
      node[key] = typeof value === 'string' && typeof old === 'string' ? old + value : value;
      return;
    }
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    node = node[key];
  }
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);
// One path segment: `.name`, `[3]`, `['quoted']` or `["quoted"]` (with backslash escapes).
const SEGMENT = /^(?:\.([^.[\]'"]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

function parseJsonPath(path: string): Array<string | number> | undefined {
  if (path[0] !== '$') return undefined;
  const keys: Array<string | number> = [];
  for (let rest = path.slice(1); rest; ) {
    const m = SEGMENT.exec(rest);
    if (!m) return undefined;
    const quoted = m[3] ?? m[4];
    keys.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : quoted!.replace(/\\(.)/g, '$1')));
    rest = rest.slice(m[0].length);
  }
  return keys;
}
