/**
 * The content attributes a redact hook can see: an LLM call's messages, instructions and tool definitions; the
 * input and output of `withWorkflow` / `withTask` / `withAgent` (`traceloop.entity.*`) and of `withTool`
 * (`gen_ai.tool.call.*`, whose value also becomes the tool span's `traceloop.entity.*`).
 */
export type ContentAttributeName =
  | 'gen_ai.input.messages'
  | 'gen_ai.output.messages'
  | 'gen_ai.system_instructions'
  | 'gen_ai.tool.definitions'
  | 'traceloop.entity.input'
  | 'traceloop.entity.output'
  | 'gen_ai.tool.call.arguments'
  | 'gen_ai.tool.call.result';

/**
 * Called with each content value (messages already in the GenAI `{ role, parts }` shape; an entity's input or
 * result as the application gave it) before it is put on a span.
 * Return the value to keep it, a changed value to redact it, or `undefined`/`null` to drop the attribute.
 *
 * @example
 * const redact: RedactHook = (value, name) =>
 *   name === 'gen_ai.tool.definitions' ? undefined : JSON.parse(JSON.stringify(value).replace(/\d{16}/g, '[card]'));
 */
export type RedactHook = (value: unknown, name: ContentAttributeName) => unknown;

/** Resolved content capture settings used by the span builder. */
export interface ContentOptions {
  /** Whether prompts, completions, system instructions and tool definitions are recorded at all. */
  captureContent: boolean;
  /** Maximum length (UTF-16 code units) of each content attribute's JSON string; longer ones are cut. */
  maxContentLength: number;
  redact?: RedactHook;
}

/** Default cap for one content attribute, in characters. */
export const DEFAULT_MAX_CONTENT_LENGTH = 100_000;
