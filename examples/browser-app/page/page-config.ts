/**
 * What the page needs to know at runtime, served as `/config.json` by the page server so one build works on
 * any ports. Nothing secret goes in here: the page never sees an API key.
 */
export interface PageConfig {
  /** The viewer's OTLP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  otlpEndpoint: string;
  /** The app's own backend, a different origin; it is the only origin that gets `traceparent`. */
  backendOrigin: string;
  /** An OpenAI-compatible base URL the page may call without a key (the fake provider, a local Ollama ...). */
  llmBaseUrl: string;
  llmModel: string;
}
