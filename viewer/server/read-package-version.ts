import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The package version, read from package.json two levels up from this module, which holds for both the source
 * (`viewer/server/*.ts`) and the built CLI (`dist/viewer/cli.js`).
 * @example readPackageVersion() // '0.1.0'
 */
export function readPackageVersion(): string {
  try {
    const text = readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
