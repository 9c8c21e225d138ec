/** Types of `install-runtimes.mjs` for the tests that import it. */
export type RuntimeName = 'bun' | 'deno' | 'workerd' | 'node22' | 'node24';
export declare const RUNTIMES_DIR: string;
export declare const RUNTIMES: Record<RuntimeName, { version: string; package(): string | undefined; bin: string }>;
export declare function ensureRuntime(name: RuntimeName): { path: string; version: string } | { skip: string };
