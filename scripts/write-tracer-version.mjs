// Writes lib/spans/tracer-version.ts from package.json's version, so the instrumentation scope version of our spans is
// stated once (package.json) and compiled in. Runs on `npm install` (prepare) and before every library build; the
// file is not in git. Leaves the file alone when it already says the right version (prepare compares build times).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const file = `${root}lib/spans/tracer-version.ts`;
const text = `// Generated from package.json by scripts/write-tracer-version.mjs (npm install, npm run build:lib); not in git.
/** Instrumentation scope version of every span Tracelight creates: the package's version. */
export const TRACER_VERSION = '${version}';
`;
if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
