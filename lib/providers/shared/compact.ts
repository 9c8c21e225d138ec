/**
 * Drops keys whose value is undefined (in place), so neutral objects only carry what the provider actually said.
 *
 * @example
 * compact({ inputTokens: 3, outputTokens: undefined }); // { inputTokens: 3 }
 */
export function compact<T extends object>(value: T): T {
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return value;
}
