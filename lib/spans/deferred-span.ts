import { INVALID_SPAN_CONTEXT, type Attributes, type AttributeValue, type Exception, type Link, type Span, type SpanContext, type SpanStatus, type TimeInput } from '@opentelemetry/api';

/**
 * A span whose real span is made only when it ends: attributes, status, events and exceptions are recorded (with
 * their times) and handed to `begin` in one go, so nothing of the span's cost sits on the caller's path to the
 * response or the first chunk. `begin` must start the real span with the attributes given and the start time it
 * captured; events and exceptions keep the times they were recorded at.
 *
 * @example
 * const span = deferSpan((attributes) => tracer.startSpan(name, { attributes, startTime }, parent));
 * span.setAttribute('http.response.status_code', 200);
 * span.end(); // the real span is started and ended here
 */
export function deferSpan(begin: (attributes: Attributes) => Span): Span {
  return new DeferredSpan(begin);
}

type Recorded =
  | { kind: 'event'; name: string; attributes?: Attributes; time: TimeInput }
  | { kind: 'exception'; exception: Exception; time: TimeInput };

class DeferredSpan implements Span {
  private readonly attributes: Attributes = {};
  private status: SpanStatus | undefined;
  private recorded: Recorded[] | undefined;
  private ended = false;
  constructor(private readonly begin: (attributes: Attributes) => Span) {}

  spanContext(): SpanContext {
    return INVALID_SPAN_CONTEXT; // not started yet: nothing may be parented on it (propagating calls start at once)
  }
  setAttribute(key: string, value: AttributeValue): this {
    if (!this.ended) this.attributes[key] = value;
    return this;
  }
  setAttributes(attributes: Attributes): this {
    if (!this.ended) Object.assign(this.attributes, attributes);
    return this;
  }
  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const timed = isTime(attributesOrTime);
    (this.recorded ??= []).push({
      kind: 'event',
      name,
      attributes: timed ? undefined : (attributesOrTime as Attributes | undefined),
      time: (timed ? attributesOrTime : time) ?? performance.now(),
    });
    return this;
  }
  addLink(_link: Link): this {
    return this;
  }
  addLinks(_links: Link[]): this {
    return this;
  }
  setStatus(status: SpanStatus): this {
    if (!this.ended) this.status = status;
    return this;
  }
  updateName(_name: string): this {
    return this;
  }
  recordException(exception: Exception, time?: TimeInput): void {
    if (!this.ended) (this.recorded ??= []).push({ kind: 'exception', exception, time: time ?? performance.now() });
  }
  isRecording(): boolean {
    return !this.ended;
  }
  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    const span = this.begin(this.attributes);
    if (this.recorded) {
      for (const r of this.recorded) {
        if (r.kind === 'event') span.addEvent(r.name, r.attributes, r.time);
        else span.recordException(r.exception, r.time);
      }
    }
    if (this.status) span.setStatus(this.status);
    span.end(endTime);
  }
}

function isTime(value: unknown): value is TimeInput {
  return typeof value === 'number' || value instanceof Date || (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number');
}
