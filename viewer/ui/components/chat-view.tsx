import type { MessagePart as Part, NormalizedMessage } from '../../shared/api-types.js';
import { formatValue } from '../lib/format.js';

/**
 * Renders a conversation (system instructions, input and output messages) as chat bubbles. Every piece of content
 * is rendered as text by Preact, never parsed as HTML, so a prompt containing `<script>` shows as those characters.
 *
 * @example
 * <ChatView system={ai.systemInstructions} input={ai.inputMessages} output={ai.outputMessages} />
 */
export function ChatView(props: { system: Part[] | null; input: NormalizedMessage[] | null; output: NormalizedMessage[] | null }) {
  const { system, input, output } = props;
  if (!system?.length && !input?.length && !output?.length) {
    return <div class="muted">No content was captured for this call (content capture may be off).</div>;
  }
  return (
    <div class="chat" data-testid="chat">
      {system?.length ? <Message message={{ role: 'system', parts: system }} kind="input" /> : null}
      {(input ?? []).map((m, i) => (
        <Message key={`in-${i}`} message={m} kind="input" />
      ))}
      {(output ?? []).map((m, i) => (
        <Message key={`out-${i}`} message={m} kind="output" />
      ))}
    </div>
  );
}

function Message({ message, kind }: { message: NormalizedMessage; kind: 'input' | 'output' }) {
  const role = String(message.role || 'unknown');
  const roleClass =
    role === 'user' ? 'msg-user' : role === 'assistant' || role === 'model' ? 'msg-assistant' : role === 'tool' ? 'msg-tool' : '';
  const parts = Array.isArray(message.parts) ? message.parts : [];
  return (
    <div class={`msg ${roleClass}`} data-role={role} data-kind={kind}>
      <div class="msg-role">
        <span>{role}</span>
        {message.name ? <span class="faint">{message.name}</span> : null}
        {kind === 'output' ? <span class="faint">output</span> : null}
        {message.finish_reason ? <span class="finish">finish: {message.finish_reason}</span> : null}
      </div>
      {parts.length ? parts.map((p, i) => <PartView key={i} part={p} />) : <div class="muted">(empty)</div>}
    </div>
  );
}

function PartView({ part }: { part: Part }) {
  switch (part.type) {
    case 'text':
      return <div class="msg-part msg-text">{textOf(part.content)}</div>;
    case 'reasoning':
    case 'thinking':
      return (
        <div class="msg-part msg-reasoning" title="reasoning">
          {textOf(part.content)}
        </div>
      );
    case 'tool_call':
      return (
        <div class="msg-part msg-tool-call">
          <div>
            <span class="faint">tool call </span>
            <span class="msg-tool-name">{String(part.name ?? '?')}</span>
            {part.id ? <span class="faint mono"> {String(part.id)}</span> : null}
          </div>
          {part.arguments !== undefined ? <pre class="msg-json">{pretty(part.arguments)}</pre> : null}
        </div>
      );
    case 'tool_call_response':
      return (
        <div class="msg-part msg-tool-call">
          <div>
            <span class="faint">tool result</span>
            {part.id ? <span class="faint mono"> {String(part.id)}</span> : null}
          </div>
          <pre class="msg-json">{pretty(part.response ?? part.result ?? part.content)}</pre>
        </div>
      );
    default: {
      const { type, ...rest } = part;
      return (
        <div class="msg-part">
          <span class="badge">{String(type)}</span>
          <pre class="msg-json">{pretty(rest)}</pre>
        </div>
      );
    }
  }
}

function textOf(content: unknown): string {
  return typeof content === 'string' ? content : formatValue(content);
}

/** JSON arguments often arrive as a JSON string; show them indented either way. */
function pretty(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
