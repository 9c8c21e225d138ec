import { context, trace, SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { contextAttributes, setWorkflowName } from './association-properties.js';
import { markToolSpan } from './tool-span-context.js';
import { getTracelightTracer } from '../spans/get-tracer.js';
import { getRuntimeState } from '../state/runtime-state.js';
import { scrubUrlsInText } from '../content/scrub-secrets.js';
import { recordSpanException } from '../spans/record-exception.js';
import * as sc from '../spans/semconv.js';
import { entityInputAttributes, recordEntityOutput } from './entity-content.js';

/** Options for `withWorkflow`, `withTask`, `withAgent` and `withTool`. */
export interface EntityOptions {
  /** Extra attributes for the span. */
  attributes?: Attributes;
  /** `traceloop.entity.version`. */
  version?: number | string;
  /**
   * The function's input, recorded as Traceloop's decorators record their arguments: `traceloop.entity.input`
   * (`{ "args": [], "kwargs": input }` for a plain object, else `{ "args": [input], "kwargs": {} }`) and, for
   * `withTool`, `gen_ai.tool.call.arguments`. Only when content capture is on, after the redact hook.
   */
  input?: unknown;
  /**
   * Record what `fn` returns (or its promise resolves to) as `traceloop.entity.output` (and `gen_ai.tool.call.result`
   * for `withTool`). Default true; only when content capture is on, after the redact hook, capped at
   * `maxContentLength`. Getters are never read, so recording cannot change the value.
   */
  recordOutput?: boolean;
}

type EntityKind = 'workflow' | 'task' | 'agent' | 'tool';

/**
 * Opens a workflow span (`traceloop.span.kind=workflow`, name `{name}.workflow`); every span inside gets
 * `traceloop.workflow.name={name}`. Returns or rethrows exactly what `fn` does; ends the span when `fn` settles.
 *
 * @example
 * const answer = await withWorkflow('support-reply', async () => {
 *   const plan = await withTask('plan', () => llm(planPrompt));
 *   return withAgent('writer', () => llm(plan));
 * });
 */
export function withWorkflow<T>(name: string, fn: () => T, options?: EntityOptions): T {
  return withEntity('workflow', name, fn, options);
}

/**
 * Opens a task span (`traceloop.span.kind=task`, name `{name}.task`) around `fn`.
 *
 * @example
 * const summary = await withTask('summarize', () => openai.chat.completions.create(req));
 */
export function withTask<T>(name: string, fn: () => T, options?: EntityOptions): T {
  return withEntity('task', name, fn, options);
}

/**
 * Opens an agent span: GenAI operation `invoke_agent`, `gen_ai.agent.name={name}`, span name `invoke_agent {name}`.
 *
 * @example
 * await withAgent('researcher', () => runAgentLoop());
 */
export function withAgent<T>(name: string, fn: () => T, options?: EntityOptions): T {
  return withEntity('agent', name, fn, options);
}

/**
 * Opens a tool span: GenAI operation `execute_tool`, `gen_ai.tool.name={name}`, span name `execute_tool {name}`.
 *
 * @example
 * const weather = await withTool('get_weather', () => fetchWeather(city));
 */
export function withTool<T>(name: string, fn: () => T, options?: EntityOptions): T {
  return withEntity('tool', name, fn, options);
}

function withEntity<T>(kind: EntityKind, name: string, fn: () => T, options?: EntityOptions): T {
  let span: Span;
  let ctx;
  try {
    const parent = context.active();
    // As for LLM spans: with `init`'s provider, its context-attributes processor stamps association properties and
    // the workflow name on every span (keeping what the span set itself); only a foreign provider needs them here.
    const own = getRuntimeState().tracer;
    const attributes: Attributes = {
      ...(own ? undefined : contextAttributes(parent)),
      [sc.ATTR_TRACELOOP_SPAN_KIND]: kind,
      [sc.ATTR_TRACELOOP_ENTITY_NAME]: name,
      ...options?.attributes,
    };
    if (options?.version !== undefined) attributes['traceloop.entity.version'] = options.version;
    if (options?.input !== undefined) Object.assign(attributes, entityInputAttributes(kind, options.input, getRuntimeState().content));
    let spanName = `${name}.${kind}`;
    if (kind === 'workflow') attributes[sc.ATTR_TRACELOOP_WORKFLOW_NAME] = name;
    if (kind === 'agent') {
      attributes[sc.ATTR_GEN_AI_OPERATION_NAME] = sc.OPERATION_INVOKE_AGENT;
      attributes[sc.ATTR_GEN_AI_AGENT_NAME] = name;
      spanName = `${sc.OPERATION_INVOKE_AGENT} ${name}`;
    } else if (kind === 'tool') {
      attributes[sc.ATTR_GEN_AI_OPERATION_NAME] = sc.OPERATION_EXECUTE_TOOL;
      attributes[sc.ATTR_GEN_AI_TOOL_NAME] = name;
      spanName = `${sc.OPERATION_EXECUTE_TOOL} ${name}`;
    }
    span = (own ?? getTracelightTracer()).startSpan(spanName, { kind: SpanKind.INTERNAL, attributes }, parent);
    ctx = trace.setSpan(kind === 'workflow' ? setWorkflowName(parent, name) : parent, span);
    if (kind === 'tool') ctx = markToolSpan(ctx, span, name);
  } catch {
    return fn(); // instrumentation trouble must never stop the user's code
  }
  const output = options?.recordOutput === false ? undefined : (value: unknown) => recordEntityOutput(span, kind, value, getRuntimeState().content);
  return context.with(ctx, () => runInSpan(span, fn, output));
}

function runInSpan<T>(span: Span, fn: () => T, output?: (value: unknown) => void): T {
  let result: T;
  try {
    result = fn();
  } catch (error) {
    fail(span, error);
    span.end();
    throw error;
  }
  if (isThenable(result)) {
    // Observe the promise without replacing it: the caller gets the very same object.
    result.then(
      (value) => {
        output?.(value);
        span.end();
      },
      (error: unknown) => {
        fail(span, error);
        span.end();
      },
    );
    return result;
  }
  output?.(result);
  span.end();
  return result;
}

function fail(span: Span, error: unknown): void {
  try {
    // Scrubbed of URL credentials: an app's error may quote a URL with its key (`https://user:KEY@host`, `?key=`).
    recordSpanException(span, error);
    const type = error instanceof Error ? error.name : typeof error;
    span.setAttribute(sc.ATTR_ERROR_TYPE, type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: scrubUrlsInText(error instanceof Error ? error.message : String(error)) });
  } catch {
    // best effort
  }
}

function isThenable<T>(value: T): value is T & PromiseLike<unknown> {
  return !!value && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}
