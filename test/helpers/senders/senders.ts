// Every real-package sender, by fixture directory name. Test helper, not a test file.
import type { CreateSender } from './sender.js';

/** Sender factories, loaded lazily so a process only imports (and patches) the package it runs. */
export const SENDERS: Record<string, CreateSender> = {
  'openinference-openai': async (url) => (await import('./openinference-openai.js')).createOpenInferenceSender(url),
  'ai-sdk': async (url) => (await import('./ai-sdk-telemetry.js')).createAiSdkSender(url),
  'openllmetry-legacy': async (url) => (await import('./openllmetry-legacy.js')).createLegacyOpenLlmetrySender(url),
  'tracelight-lib': async (url) => (await import('./tracelight-lib.js')).createTracelightSender(url),
  'traceloop-sdk': async (url) => (await import('./traceloop-sdk.js')).createTraceloopSender(url),
};
