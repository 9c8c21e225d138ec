// The contract of a real-package sender: set up that package's tracing once per process, exporting OTLP/HTTP to a
// URL, then run named cases (each one trace) against the fake provider. Used both to capture fixtures
// (`capture-span-fixtures.ts`) and by the live tests that send to a real viewer. Test helper, not a test file.

/** What a case needs. */
export interface SenderContext {
  /** The fake provider's base URL, e.g. `http://127.0.0.1:41234`. */
  fakeUrl: string;
}

/** One real package set up to export to one OTLP endpoint. */
export interface Sender {
  /** The package and version that produced the spans, for fixture headers and messages. */
  readonly packageName: string;
  /** Named cases; each makes one trace and resolves once its spans are exported. */
  readonly cases: Record<string, (ctx: SenderContext) => Promise<void>>;
  shutdown(): Promise<void>;
}

/** Sets up a sender exporting OTLP/HTTP JSON to `otlpUrl` (`http://…/v1/traces`). */
export type CreateSender = (otlpUrl: string) => Promise<Sender>;

/**
 * The installed version of a package, read from its package.json.
 *
 * @example
 * await packageVersion('openai'); // '6.49.0'
 */
export async function packageVersion(name: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const url = new URL(`../../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(await readFile(url, 'utf8')) as { version: string }).version;
}
