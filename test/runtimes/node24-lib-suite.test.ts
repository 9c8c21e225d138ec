// Node 24 runs the library's `test/lib` suite as the Node of this runner does (binary from the `node-<platform>`
// registry package, see scripts/install-runtimes.mjs).
import { testSuiteUnder } from '../helpers/run-suite-under.js';

testSuiteUnder('node24', 'test/lib', 140);
