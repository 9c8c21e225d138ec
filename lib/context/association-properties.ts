import { context, createContextKey, type Attributes, type Context } from '@opentelemetry/api';
import * as sc from '../spans/semconv.js';

/** Properties that tie spans to a user, session or conversation; any other string keys are kept as well. */
export interface AssociationProperties {
  userId?: string;
  sessionId?: string;
  conversationId?: string;
  [key: string]: string | undefined;
}

const ASSOCIATION_KEY = /* @__PURE__ */ createContextKey('tracelight.association-properties');
const WORKFLOW_KEY = /* @__PURE__ */ createContextKey('tracelight.workflow-name');
const NONE: Attributes = /* @__PURE__ */ Object.freeze({});

/**
 * Runs `fn` so that every span started inside it (through `await` where the context manager allows) carries the
 * properties: `traceloop.association.properties.<key>`, plus `user.id`, `session.id` and `gen_ai.conversation.id`.
 * Nested calls merge, inner keys winning. Returns exactly what `fn` returns.
 *
 * @example
 * await withAssociationProperties({ userId: 'u-42', sessionId: 's-1' }, () => openai.chat.completions.create(req));
 */
export function withAssociationProperties<T>(props: AssociationProperties, fn: () => T): T {
  let ctx: Context;
  try {
    const active = context.active();
    ctx = active.setValue(ASSOCIATION_KEY, { ...getAssociationProperties(active), ...dropUndefined(props) });
  } catch {
    return fn();
  }
  return context.with(ctx, fn);
}

/**
 * The association properties active in `ctx`.
 *
 * @example
 * getAssociationProperties(context.active()).userId;
 */
export function getAssociationProperties(ctx: Context): Record<string, string> {
  return (ctx.getValue(ASSOCIATION_KEY) as Record<string, string> | undefined) ?? {};
}

/**
 * Returns `ctx` with the workflow name that child spans report as `traceloop.workflow.name`.
 *
 * @example
 * context.with(setWorkflowName(context.active(), 'support'), run);
 */
export function setWorkflowName(ctx: Context, name: string): Context {
  return ctx.setValue(WORKFLOW_KEY, name);
}

/**
 * The span attributes implied by `ctx`: association properties and the enclosing workflow's name.
 *
 * @example
 * span.setAttributes(contextAttributes(context.active()));
 */
export function contextAttributes(ctx: Context): Attributes {
  const workflow = ctx.getValue(WORKFLOW_KEY);
  const props = ctx.getValue(ASSOCIATION_KEY) as Record<string, string> | undefined;
  if (workflow === undefined && !props) return NONE; // every span asks: spare the allocation
  const out: Attributes = {};
  if (typeof workflow === 'string') out[sc.ATTR_TRACELOOP_WORKFLOW_NAME] = workflow;
  if (!props) return out;
  for (const key in props) {
    const value = props[key];
    out[sc.ATTR_TRACELOOP_ASSOCIATION_PREFIX + key] = value;
    if (key === 'userId') out[sc.ATTR_USER_ID] = value;
    else if (key === 'sessionId') out[sc.ATTR_SESSION_ID] = value;
    else if (key === 'conversationId') out[sc.ATTR_GEN_AI_CONVERSATION_ID] = value;
  }
  return out;
}

function dropUndefined(props: AssociationProperties): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in props) {
    const value = props[key];
    if (value !== undefined && value !== null) out[key] = String(value);
  }
  return out;
}
