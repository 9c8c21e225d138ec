import { signal, type ReadonlySignal } from '@preact/signals';
import type { MessagePart, NormalizedMessage, StoredSpan } from '../../shared/api-types.js';
import type { ReplayCheck, ReplayParameters } from '../../shared/replay-types.js';
import type { ViewerTransport } from '../lib/viewer-transport.js';

/** One message in the editor: its role, its text (editable), and the parts that are not text (kept as they are). */
export interface DraftMessage {
  role: string;
  text: string;
  kept: MessagePart[];
}

/** What the user edits before a replay. */
export interface ReplayDraft {
  model: string;
  system: string;
  messages: DraftMessage[];
  /** Parameters as typed (empty string: not sent). */
  parameters: Record<ParameterName, string>;
  stream: boolean;
}

export const PARAMETER_NAMES = ['temperature', 'max_tokens', 'top_p', 'top_k', 'frequency_penalty', 'presence_penalty', 'seed'] as const;
export type ParameterName = (typeof PARAMETER_NAMES)[number];

/** The span a replay repeats. */
export interface ReplaySource {
  traceId: string;
  spanId: string;
}

/** Where the replay editor is. */
export type ReplayState =
  | { status: 'closed' }
  | { status: 'checking'; source: ReplaySource }
  | { status: 'unavailable'; source: ReplaySource; check: ReplayCheck }
  | { status: 'editing' | 'confirming' | 'sending'; source: ReplaySource; check: ReplayCheck; error: string | null };

/** The replay editor's state and actions. */
export interface ReplayModel {
  state: ReadonlySignal<ReplayState>;
  draft: ReadonlySignal<ReplayDraft | null>;
  /** Asks the server whether and where the span's call would go, and fills the draft from the recorded call. */
  open(span: StoredSpan): Promise<void>;
  close(): void;
  edit(patch: Partial<ReplayDraft>): void;
  editMessage(index: number, patch: Partial<DraftMessage>): void;
  addMessage(): void;
  removeMessage(index: number): void;
  setParameter(name: ParameterName, value: string): void;
  /** First click on Send: shows what will be sent where, and with which key variable. */
  askConfirm(): void;
  cancelConfirm(): void;
  /** Second click: sends; resolves with the new span (to open in Compare), or null when refused or failed. */
  send(): Promise<ReplaySource | null>;
}

/**
 * Creates the replay model. Nothing is sent without the confirm step, and the server refuses a body that is not
 * marked confirmed, so every replay is asked for twice.
 *
 * @example
 * await replay.open(span);
 * replay.editMessage(0, { text: 'Shorter, please' });
 * replay.askConfirm();
 * const created = await replay.send(); // then: model.openCompare(original, created)
 */
export function createReplayModel(transport: ViewerTransport): ReplayModel {
  const state = signal<ReplayState>({ status: 'closed' });
  const draft = signal<ReplayDraft | null>(null);
  let request = 0;

  const editing = () => {
    const s = state.peek();
    return s.status === 'editing' || s.status === 'confirming' ? s : null;
  };
  const update = (patch: Partial<ReplayDraft>) => {
    const d = draft.peek();
    if (d) draft.value = { ...d, ...patch };
    const s = editing();
    if (s?.status === 'confirming') state.value = { ...s, status: 'editing' };
  };

  return {
    state,
    draft,
    async open(span) {
      const mine = ++request;
      const source = { traceId: span.traceId, spanId: span.spanId };
      state.value = { status: 'checking', source };
      draft.value = null;
      let check: ReplayCheck;
      try {
        check = await transport.checkReplay(span.traceId, span.spanId);
      } catch (e) {
        check = { ok: false, error: e instanceof Error ? e.message : String(e), keyVariable: null, sendsKey: false };
      }
      if (mine !== request) return;
      if (!check.ok || !check.draft) {
        state.value = { status: 'unavailable', source, check };
        return;
      }
      draft.value = toDraft(check.draft);
      state.value = { status: 'editing', source, check, error: null };
    },
    close() {
      request++;
      state.value = { status: 'closed' };
      draft.value = null;
    },
    edit: update,
    editMessage(index, patch) {
      const d = draft.peek();
      if (!d) return;
      update({ messages: d.messages.map((m, i) => (i === index ? { ...m, ...patch } : m)) });
    },
    addMessage() {
      const d = draft.peek();
      if (d) update({ messages: [...d.messages, { role: 'user', text: '', kept: [] }] });
    },
    removeMessage(index) {
      const d = draft.peek();
      if (d) update({ messages: d.messages.filter((_, i) => i !== index) });
    },
    setParameter(name, value) {
      const d = draft.peek();
      if (d) update({ parameters: { ...d.parameters, [name]: value } });
    },
    askConfirm() {
      const s = editing();
      const d = draft.peek();
      if (!s || !d) return;
      const problem = validate(d);
      state.value = problem ? { ...s, status: 'editing', error: problem } : { ...s, status: 'confirming', error: null };
    },
    cancelConfirm() {
      const s = editing();
      if (s) state.value = { ...s, status: 'editing' };
    },
    async send() {
      const s = state.peek();
      const d = draft.peek();
      if (s.status !== 'confirming' || !d) return null;
      const mine = ++request;
      state.value = { ...s, status: 'sending' };
      let answer: Awaited<ReturnType<ViewerTransport['replay']>>;
      try {
        answer = await transport.replay({
          traceId: s.source.traceId,
          spanId: s.source.spanId,
          model: d.model.trim(),
          system: d.system.trim() ? d.system : null,
          messages: d.messages.map(toMessage).filter((m) => m.parts.length),
          parameters: toParameters(d.parameters),
          stream: d.stream,
          confirmed: true,
        });
      } catch (e) {
        answer = { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      if (mine !== request) return null;
      if (!answer.ok) {
        state.value = { ...s, status: 'editing', error: answer.error };
        return null;
      }
      state.value = { status: 'closed' };
      draft.value = null;
      return { traceId: answer.traceId, spanId: answer.spanId };
    },
  };
}

function toDraft(d: NonNullable<ReplayCheck['draft']>): ReplayDraft {
  const parameters = Object.fromEntries(PARAMETER_NAMES.map((n) => [n, d.parameters[n] != null ? String(d.parameters[n]) : ''])) as Record<ParameterName, string>;
  return {
    model: d.model,
    system: d.system ?? '',
    stream: d.stream,
    parameters,
    messages: d.messages.map((m) => ({
      role: m.role,
      text: m.parts
        .filter((p) => p.type === 'text')
        .map((p) => (typeof p.content === 'string' ? p.content : JSON.stringify(p.content)))
        .join('\n'),
      kept: m.parts.filter((p) => p.type !== 'text'),
    })),
  };
}

function toMessage(m: DraftMessage): NormalizedMessage {
  const parts: MessagePart[] = m.text ? [{ type: 'text', content: m.text }] : [];
  return { role: m.role, parts: [...parts, ...m.kept] };
}

function toParameters(p: Record<ParameterName, string>): ReplayParameters {
  const out: ReplayParameters = {};
  for (const name of PARAMETER_NAMES) {
    const v = p[name].trim();
    if (v !== '' && Number.isFinite(Number(v))) out[name] = Number(v);
  }
  return out;
}

function validate(d: ReplayDraft): string | null {
  if (!d.model.trim()) return 'Name a model.';
  if (!d.messages.some((m) => m.text.trim() || m.kept.length)) return 'Add at least one message.';
  for (const name of PARAMETER_NAMES) {
    const v = d.parameters[name].trim();
    if (v !== '' && !Number.isFinite(Number(v))) return `${name} must be a number.`;
  }
  return null;
}
