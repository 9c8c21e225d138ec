/** The content attributes a redact hook can see. */
export type ContentAttributeName =
  | 'gen_ai.input.messages'
  | 'gen_ai.output.messages'
  | 'gen_ai.system_instructions'
  | 'gen_ai.tool.definitions'
  | 'gen_ai.tool.call.arguments'
  | 'gen_ai.tool.call.result';

/**
 * Called with each content value (already in the GenAI `{ role, parts }` shape) before it is put on a span.
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
