// Entry for Bun, Deno and Node: imports the package by its name (each runtime resolves `exports` its own way) and
// prints the result of `runOpenAiCalls` as one JSON line. Usage: <runtime> cli-app.mjs <providerUrl> <viewerUrl> <serviceName>
import * as tracelight from 'tracelight';
import OpenAI from 'openai';
import { runOpenAiCalls } from './openai-calls.mjs';

const args = typeof Deno !== 'undefined' ? Deno.args : process.argv.slice(2);
const [providerUrl, viewerUrl, serviceName] = args;
const result = await runOpenAiCalls({ tracelight, OpenAI, providerUrl, viewerUrl, serviceName });
await tracelight.shutdown();
// Which file of the package this runtime picked through `exports` (its own conditions decide).
const entry = import.meta.resolve('tracelight').replace(/^.*\/dist\//, 'dist/');
console.log(JSON.stringify({ runtime: serviceName, entry, ...result }));
