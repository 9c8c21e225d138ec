import { createContextKey, type Context, type Span } from '@opentelemetry/api';

const TOOL_SPAN_KEY = /* @__PURE__ */ createContextKey('tracelight.tool-span');

interface ToolSpanSlot {
  span: Span;
  name: string;
  claimed: boolean;
}

/**
 * Returns `ctx` remembering that `span` is the app's own span of tool `name` (`withTool`), so a protocol-level tracer
 * (MCP's `tools/call`) can put its attributes on that span instead of opening a duplicate one.
 *
 * @example
 * ctx = markToolSpan(trace.setSpan(parent, span), span, 'get_weather');
 */
export function markToolSpan(ctx: Context, span: Span, name: string): Context {
  return ctx.setValue(TOOL_SPAN_KEY, { span, name, claimed: false } satisfies ToolSpanSlot);
}

/**
 * The app's span of tool `name` active in `ctx`, once: the first caller claims it, later calls (a second
 * `tools/call` inside the same `withTool`) get undefined and open spans of their own.
 *
 * @example
 * const span = claimToolSpan(context.active(), 'get_weather') ?? tracer.startSpan('tools/call get_weather');
 */
export function claimToolSpan(ctx: Context, name: string): Span | undefined {
  const slot = ctx.getValue(TOOL_SPAN_KEY) as ToolSpanSlot | undefined;
  if (!slot || slot.claimed || slot.name !== name) return undefined;
  slot.claimed = true;
  return slot.span;
}
