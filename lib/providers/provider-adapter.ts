/**
 * The contract between the generic fetch instrumentation and one wire format. Nothing provider-specific may leak into
 * these types: adapters translate their wire format into this neutral shape, and the span builder turns the neutral
 * shape into `gen_ai.*` attributes, so a new provider is one adapter and the instrumentation never changes for it.
 */

/** One part of a message in the OTel GenAI `{ role, parts }` shape. */
export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id?: string; response: unknown }
  | { type: 'blob' | 'uri' | 'file'; modality?: string; mime_type?: string; uri?: string; content?: string }
  | { type: string; [key: string]: unknown };

/** A chat message as the GenAI semantic conventions put it into `gen_ai.input.messages` / `gen_ai.output.messages`. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | string;
  parts: MessagePart[];
  name?: string;
  /** Only on output messages. */
  finish_reason?: string;
}

/** What is known about a request before it is sent. */
export interface RequestInfo {
  url: URL;
  method: string;
  headers: Headers;
  /** The request body parsed as JSON, when it was a JSON string; undefined otherwise. */
  body: unknown;
}

/** Request parameters, named after `gen_ai.request.*` (snake_case suffixes). Unset ones are omitted. */
export interface RequestParams {
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
  top_k?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  stop_sequences?: string[];
  seed?: number;
  choice_count?: number;
  encoding_formats?: string[];
  stream?: boolean;
  [key: string]: unknown;
}

/** The neutral view of an LLM request. */
export interface GenAiRequest {
  /** `gen_ai.provider.name`, e.g. `openai`, `anthropic`, `gcp.gemini`, `groq`, `azure.ai.openai`, `ollama`. */
  providerName: string;
  /** `gen_ai.operation.name`: `chat`, `text_completion`, `embeddings`, `generate_content`. */
  operationName: string;
  model?: string;
  stream: boolean;
  params: RequestParams;
  inputMessages?: ChatMessage[];
  systemInstructions?: MessagePart[];
  toolDefinitions?: unknown[];
  /** Extra attributes the adapter wants on the span (already in semconv naming). */
  attributes?: Record<string, string | number | boolean | string[] | number[]>;
}

/** Token usage exactly as the provider reported it; fields the provider did not report stay undefined. */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningTokens?: number;
}

/** The neutral view of an LLM response (non-streamed, or the accumulation of a stream). */
export interface GenAiResponse {
  id?: string;
  model?: string;
  finishReasons?: string[];
  outputMessages?: ChatMessage[];
  usage?: Usage;
  /** For embeddings: the number of vectors and their dimension. */
  embeddings?: { count: number; dimensions?: number };
  /** A provider error carried in a 2xx body or in a stream event (e.g. Anthropic's `error` event). */
  error?: { type: string; message?: string };
  attributes?: Record<string, string | number | boolean | string[] | number[]>;
}

/** One framed unit of a streamed body, handed to an accumulator in arrival order. */
export type StreamEvent =
  | { kind: 'sse'; event?: string; data: string; id?: string }
  | { kind: 'json'; value: unknown };

/** Folds stream events into a response. Must be cheap per event and must never throw (the caller guards anyway). */
export interface StreamAccumulator {
  push(event: StreamEvent): void;
  /** Called once, when the stream ends for any reason. */
  finish(): GenAiResponse;
}

/** How a streamed body is framed: Server-Sent Events, newline-delimited JSON, or one JSON array streamed element by element. */
export type StreamFraming = 'sse' | 'ndjson' | 'json-array';

/**
 * A wire-format adapter. Register your own with `init({ providers: [myAdapter] })`.
 *
 * @example
 * const myAdapter: ProviderAdapter = {
 *   id: 'acme',
 *   matches: (req) => req.url.hostname === 'api.acme.ai',
 *   parseRequest: (req) => ({ providerName: 'acme', operationName: 'chat', model: (req.body as any)?.model, stream: false, params: {} }),
 *   parseResponse: (body) => ({ id: (body as any)?.id }),
 *   createStreamAccumulator: () => ({ push() {}, finish: () => ({}) }),
 * };
 */
export interface ProviderAdapter {
  id: string;
  /** Cheap check on URL (and body when needed); the first adapter that matches wins. */
  matches(request: RequestInfo): boolean;
  parseRequest(request: RequestInfo): GenAiRequest;
  /** Parses a JSON response body (2xx or error) into the neutral shape. */
  parseResponse(body: unknown, request: GenAiRequest, status: number): GenAiResponse;
  createStreamAccumulator(request: GenAiRequest): StreamAccumulator;
  /** Framing of a streamed body; by default taken from the response Content-Type. */
  streamFraming?(response: Response, request: GenAiRequest): StreamFraming | undefined;
  /**
   * Whether this response is a stream. Default (`isStreamingResponse`): a 2xx whose Content-Type is event-stream or
   * NDJSON, or, for a request that asked to stream, any Content-Type but JSON.
   */
  isStream?(response: Response, request: GenAiRequest): boolean;
}
