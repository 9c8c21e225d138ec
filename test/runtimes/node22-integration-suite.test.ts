// Node 22 runs the library's `test/integration` suite as the Node of this runner does (binary from the `node-<platform>`
// registry package, see scripts/install-runtimes.mjs).
import { testSuiteUnder } from '../helpers/run-suite-under.js';

testSuiteUnder('node22', 'test/integration', 60);
