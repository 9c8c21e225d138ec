/**
 * The one list of where prompts, completions, tool arguments and results, entity inputs and outputs live, in every
 * dialect the viewer reads: the viewer's normalizer reads its content from these names, and `stripContent` /
 * `stripLogsContent` remove exactly these, so the two cannot drift (a test checks that every attribute the
 * normalizer takes content from is content here, and that no content string survives stripping a span of each
 * dialect). Isomorphic: the relay ships it.
 */

/** OTel GenAI semantic conventions (current). */
export const SEMCONV_CONTENT = {
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  toolDefinitions: 'gen_ai.tool.definitions',
  toolCallArguments: 'gen_ai.tool.call.arguments',
  toolCallResult: 'gen_ai.tool.call.result',
} as const;

/** Older GenAI conventions and OpenLLMetry: event attributes, indexed messages, request tools and functions. */
export const OPENLLMETRY_CONTENT = {
  /** `gen_ai.prompt.N.role|content|tool_calls.M.*`; also the single JSON attribute of the `gen_ai.content.prompt` event. */
  prompt: 'gen_ai.prompt',
  completion: 'gen_ai.completion',
  /** OpenLLMetry before the `gen_ai.*` names: `llm.prompts.N.*`, `llm.completions.N.*`. */
  legacyPrompts: 'llm.prompts',
  legacyCompletions: 'llm.completions',
  requestFunctions: 'llm.request.functions',
  requestTools: 'gen_ai.request.tools',
  eventContent: 'gen_ai.event.content',
  guardrailInput: 'gen_ai.guardrail.input',
  guardrailOutput: 'gen_ai.guardrail.output',
} as const;

/** Traceloop's entity spans (workflow, task, agent, tool) and prompt registry; MCP tool spans. */
export const TRACELOOP_CONTENT = {
  entityInput: 'traceloop.entity.input',
  entityOutput: 'traceloop.entity.output',
  promptTemplate: 'traceloop.prompt.template',
  promptTemplateVariables: 'traceloop.prompt.template_variables',
  mcpResponseValue: 'mcp.response.value',
} as const;

/** OpenInference (Arize Phoenix). */
export const OPENINFERENCE_CONTENT = {
  inputMessages: 'llm.input_messages',
  outputMessages: 'llm.output_messages',
  inputValue: 'input.value',
  outputValue: 'output.value',
  /** `embedding.embeddings.N.embedding.text` and `.vector`. */
  embeddings: 'embedding.embeddings',
  tools: 'llm.tools',
  promptTemplate: 'llm.prompt_template',
  /** The request's parameters as JSON: it carries `tools` and, for the Responses API, `instructions`. */
  invocationParameters: 'llm.invocation_parameters',
  toolParameters: 'tool.parameters',
  retrievalDocuments: 'retrieval.documents',
  rerankerInputDocuments: 'reranker.input_documents',
  rerankerOutputDocuments: 'reranker.output_documents',
  rerankerQuery: 'reranker.query',
} as const;

/** The Vercel AI SDK's telemetry. */
export const AI_SDK_CONTENT = {
  /** `ai.prompt` (v4 JSON) and `ai.prompt.messages`, `ai.prompt.tools`, `ai.prompt.toolChoice`. */
  prompt: 'ai.prompt',
  promptMessages: 'ai.prompt.messages',
  responseText: 'ai.response.text',
  responseToolCalls: 'ai.response.toolCalls',
  responseObject: 'ai.response.object',
  responseReasoning: 'ai.response.reasoning',
  responseFiles: 'ai.response.files',
  /** May carry logprobs, citations or search results. */
  responseProviderMetadata: 'ai.response.providerMetadata',
  toolCallArgs: 'ai.toolCall.args',
  toolCallResult: 'ai.toolCall.result',
  toolCallInput: 'ai.toolCall.input',
  toolCallOutput: 'ai.toolCall.output',
  schema: 'ai.schema',
  /** `embed`: the value and its vector; `embedMany`: the values and their vectors. */
  value: 'ai.value',
  values: 'ai.values',
  embedding: 'ai.embedding',
  embeddings: 'ai.embeddings',
} as const;

/** Attributes whose value is content, exactly. */
const CONTENT_KEYS: ReadonlySet<string> = new Set<string>([
  ...Object.values(SEMCONV_CONTENT),
  ...Object.values(OPENLLMETRY_CONTENT),
  ...Object.values(TRACELOOP_CONTENT),
  ...Object.values(OPENINFERENCE_CONTENT),
  ...Object.values(AI_SDK_CONTENT),
]);

/**
 * Every content key is also a prefix: a sender that flattens a value into indexed or nested keys
 * (`gen_ai.prompt.0.content`, `gen_ai.input.messages.0.parts.0.content`, `llm.tools.0.tool.json_schema`,
 * `ai.prompt.messages`, `traceloop.prompt.template_variables.city`) stays content.
 */
const CONTENT_PREFIXES: readonly string[] = [...CONTENT_KEYS].map((key) => key + '.');

/**
 * Whether a span or log attribute carries prompt, completion, tool or entity content, in any dialect.
 * @example isContentAttribute('llm.prompts.0.content') // true
 * @example isContentAttribute('gen_ai.usage.input_tokens') // false
 */
export function isContentAttribute(key: string): boolean {
  if (CONTENT_KEYS.has(key)) return true;
  for (const prefix of CONTENT_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

/**
 * Span events and log records (by event name) that are a GenAI message or choice: their attributes and body are the
 * message, so everything in them is content but for the few scalar fields in {@link MESSAGE_EVENT_SCALARS}.
 */
export const MESSAGE_EVENT_NAMES: ReadonlySet<string> = new Set([
  'gen_ai.system.message',
  'gen_ai.user.message',
  'gen_ai.assistant.message',
  'gen_ai.tool.message',
  'gen_ai.choice',
  'gen_ai.content.prompt',
  'gen_ai.content.completion',
  'gen_ai.client.inference.operation.details',
  'gen_ai.evaluation.result',
]);

/** The fields of a message event or log record that are not content (kept when content is stripped). */
export const MESSAGE_EVENT_SCALARS: ReadonlySet<string> = new Set([
  'event.name',
  'gen_ai.system',
  'gen_ai.provider.name',
  'gen_ai.operation.name',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.response.id',
  'gen_ai.response.finish_reasons',
  'gen_ai.evaluation.name',
  'gen_ai.evaluation.score.value',
  'gen_ai.evaluation.score.label',
  'role',
  'index',
  'finish_reason',
]);

/**
 * Whether an attribute of a span event or log record named `eventName` is content: in a GenAI message event anything
 * but its scalar fields; elsewhere (e.g. `exception`, `gen_ai.content.first_chunk`) only the content attributes.
 * @example isContentEventAttribute('gen_ai.user.message', 'content') // true
 * @example isContentEventAttribute('exception', 'exception.message') // false
 */
export function isContentEventAttribute(eventName: string, key: string): boolean {
  if (MESSAGE_EVENT_NAMES.has(eventName)) return !MESSAGE_EVENT_SCALARS.has(key);
  return isContentAttribute(key);
}

/**
 * Whether a log record's body is content: the body of a GenAI message event is the message (`{ content, tool_calls }`,
 * `{ index, finish_reason, message }`); other log records' bodies are the application's own log lines.
 * @example isContentLogBody('gen_ai.choice') // true
 */
export function isContentLogBody(eventName: string | undefined): boolean {
  return !!eventName && MESSAGE_EVENT_NAMES.has(eventName);
}
