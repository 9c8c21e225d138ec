/**
 * A copy without the keys whose value is undefined, so neutral objects only carry what the provider actually said.
 * Copies rather than `delete`s: deleting turns an object into a slow dictionary-mode one on the hot path.
 *
 * @example
 * compact({ inputTokens: 3, outputTokens: undefined }); // { inputTokens: 3 }
 */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}
