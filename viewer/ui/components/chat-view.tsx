import type { MessagePart as Part, NormalizedMessage } from '../../shared/api-types.js';
import { mediaOfPart } from '../lib/media-of-part.js';
import { messageText, partText, prettyJson } from '../lib/message-text.js';
import { CopyButton } from './copy-button.js';
import { MediaPart } from './media-part.js';

/**
 * Renders a conversation (system instructions, input and output messages) as chat bubbles, each with a copy button.
 * Every piece of content is rendered as text by Preact, never parsed as HTML, so a prompt containing `<script>` shows
 * as those characters; media parts render inline (see `MediaPart`).
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
        {parts.length ? <CopyButton text={messageText(message)} label={`Copy ${role} message`} /> : null}
      </div>
      {parts.length ? parts.map((p, i) => <PartView key={i} part={p} />) : <div class="muted">(empty)</div>}
    </div>
  );
}

function PartView({ part }: { part: Part }) {
  switch (part.type) {
    case 'text':
      return <div class="msg-part msg-text">{partText(part)}</div>;
    case 'reasoning':
    case 'thinking':
      return (
        <div class="msg-part msg-reasoning" title="reasoning">
          {partText(part)}
        </div>
      );
    case 'tool_call':
      return (
        <div class="msg-part msg-tool-call">
          <div class="msg-tool-head">
            <span class="faint">tool call </span>
            <span class="msg-tool-name">{String(part.name ?? '?')}</span>
            {part.id ? <span class="faint mono"> {String(part.id)}</span> : null}
            {part.arguments !== undefined ? <CopyButton text={prettyJson(part.arguments)} label="Copy tool arguments" /> : null}
          </div>
          {part.arguments !== undefined ? <pre class="msg-json">{prettyJson(part.arguments)}</pre> : null}
        </div>
      );
    case 'tool_call_response': {
      const body = prettyJson(part.response ?? part.result ?? part.content);
      return (
        <div class="msg-part msg-tool-call">
          <div class="msg-tool-head">
            <span class="faint">tool result</span>
            {part.id ? <span class="faint mono"> {String(part.id)}</span> : null}
            <CopyButton text={body} label="Copy tool result" />
          </div>
          <pre class="msg-json">{body}</pre>
        </div>
      );
    }
    default: {
      const media = mediaOfPart(part);
      if (media) {
        return (
          <div class="msg-part">
            <MediaPart media={media} />
          </div>
        );
      }
      const { type, ...rest } = part;
      return (
        <div class="msg-part">
          <span class="badge">{String(type)}</span>
          <pre class="msg-json">{prettyJson(rest)}</pre>
        </div>
      );
    }
  }
}
