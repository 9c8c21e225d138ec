// The worker side of `convertOtlpJson`: turns an OTLP/HTTP JSON body into the protobuf form, off the main thread.
import { parentPort } from 'node:worker_threads';
import { otlpJsonToProtobuf, type ConvertedJson } from '../../lib/receive/otlp-json-to-protobuf.js';
import type { OtlpSignal } from '../../lib/receive/otlp-accept.js';

parentPort?.on('message', (message: { id: number; signal: OtlpSignal; body: Uint8Array }) => {
  let answer: { id: number; result?: ConvertedJson; error?: { name: string; message: string } };
  try {
    answer = { id: message.id, result: otlpJsonToProtobuf(message.signal, message.body) };
  } catch (error) {
    const e = error as Error;
    answer = { id: message.id, error: { name: e.name, message: e.message } };
  }
  parentPort!.postMessage(answer, answer.result ? [answer.result.request.buffer as ArrayBuffer] : []);
});
