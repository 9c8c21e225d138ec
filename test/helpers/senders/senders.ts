// Every real-package sender, by fixture directory name. Test helper, not a test file.
import type { CreateSender } from './sender';

/** Sender factories, loaded lazily so a process only imports (and patches) the package it runs. */
export const SENDERS: Record<string, CreateSender> = {
  'openinference-openai': async (url) => (await import('./openinference-openai')).createOpenInferenceSender(url),
  'ai-sdk': async (url) => (await import('./ai-sdk-telemetry')).createAiSdkSender(url),
  'openllmetry-legacy': async (url) => (await import('./openllmetry-legacy')).createLegacyOpenLlmetrySender(url),
  'tracelight-lib': async (url) => (await import('./tracelight-lib')).createTracelightSender(url),
  'traceloop-sdk': async (url) => (await import('./traceloop-sdk')).createTraceloopSender(url),
};
