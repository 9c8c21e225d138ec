import { context, trace, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** Incoming headers: a Fetch `Headers`, or a Node-style record (`req.headers`). */
export type IncomingHeaders = Headers | Readonly<Record<string, string | string[] | undefined>>;

const propagator = /* @__PURE__ */ new W3CTraceContextPropagator();

const getter: TextMapGetter<IncomingHeaders> = {
  keys: (carrier) => (isHeaders(carrier) ? [...carrier.keys()] : Object.keys(carrier)),
  get(carrier, key) {
    if (isHeaders(carrier)) return carrier.get(key) ?? undefined;
    const direct = carrier[key] ?? carrier[key.toLowerCase()];
    if (direct !== undefined) return direct;
    const found = Object.keys(carrier).find((k) => k.toLowerCase() === key);
    return found ? carrier[found] : undefined;
  },
};

/**
 * Runs `fn` inside the trace named by the incoming W3C `traceparent` (and `tracestate`) header, so spans a backend
 * handler starts join the trace a browser page began (the page sends `traceparent` to origins listed in
 * `propagateTraceTo`). Without a valid header, `fn` runs in the current context. Returns exactly what `fn` returns.
 *
 * @example
 * export async function POST(req: Request) {
 *   return continueTrace(req.headers, () => handleChat(req));
 * }
 */
export function continueTrace<T>(headers: IncomingHeaders, fn: () => T): T {
  let ctx;
  try {
    const active = context.active();
    ctx = propagator.extract(active, headers, getter);
    if (!trace.getSpanContext(ctx)) return fn();
  } catch {
    return fn();
  }
  return context.with(ctx, fn);
}

function isHeaders(carrier: IncomingHeaders): carrier is Headers {
  return typeof Headers !== 'undefined' && carrier instanceof Headers;
}
