import { signal, type ReadonlySignal } from '@preact/signals';
import type { BreakdownResponse, SessionSummary, StoredSpan, TraceSummary, TraceTotals } from '../../shared/api-types.js';
import { compareNano } from '../lib/nano-time.js';
import type { TraceQuery } from '../lib/trace-query.js';
import type { ViewerTransport } from '../lib/viewer-transport.js';

/** One trace of a session, with its LLM calls in order (the conversation's turns). */
export interface SessionTurn {
  trace: TraceSummary;
  calls: StoredSpan[];
}

/** The session page: its traces oldest first, their calls, and the session's totals. */
export type SessionState =
  | { status: 'idle' }
  | { status: 'loading'; sessionId: string }
  | { status: 'ready'; sessionId: string; userId: string | null; turns: SessionTurn[]; totals: TraceTotals; total: number }
  | { status: 'error'; sessionId: string; message: string };

/** The breakdown sheet: totals of the filtered traces per model, service, user or session. */
export interface BreakdownState {
  open: boolean;
  by: BreakdownResponse['by'];
  rows: BreakdownResponse['rows'] | null;
  loading: boolean;
  error: string | null;
}

/** Sessions (grouped traces) and the breakdown of totals, both answered by the server. */
export interface SessionsModel {
  /** The list pane shows traces or sessions. */
  listMode: ReadonlySignal<'traces' | 'sessions'>;
  setListMode(mode: 'traces' | 'sessions'): void;
  sessions: ReadonlySignal<{ items: SessionSummary[]; total: number | null; loading: boolean; error: string | null; user: string }>;
  /** Lists sessions, of one user when `user` is set. */
  loadSessions(user?: string): Promise<void>;
  session: ReadonlySignal<SessionState>;
  /** Loads one session: its traces (oldest first) and each one's LLM calls. */
  openSession(sessionId: string): Promise<void>;
  closeSession(): void;
  breakdown: ReadonlySignal<BreakdownState>;
  openBreakdown(by: BreakdownResponse['by'], query: TraceQuery): Promise<void>;
  closeBreakdown(): void;
}

/** A session page shows at most this many traces (the newest), and says so when there are more. */
export const SESSION_TRACE_LIMIT = 100;

/**
 * Creates the sessions model.
 *
 * @example
 * await sessions.openSession('s_7');
 * sessions.session.value; // { status: 'ready', turns: [...], totals: {...} }
 */
export function createSessionsModel(transport: ViewerTransport): SessionsModel {
  const listMode = signal<'traces' | 'sessions'>('traces');
  const sessions = signal<{ items: SessionSummary[]; total: number | null; loading: boolean; error: string | null; user: string }>({
    items: [],
    total: null,
    loading: false,
    error: null,
    user: '',
  });
  const session = signal<SessionState>({ status: 'idle' });
  const breakdown = signal<BreakdownState>({ open: false, by: 'model', rows: null, loading: false, error: null });
  let sessionRequest = 0;
  let listRequest = 0;
  let breakdownRequest = 0;

  async function loadSessions(user = sessions.peek().user) {
    const mine = ++listRequest;
    sessions.value = { ...sessions.peek(), loading: true, error: null, user };
    try {
      const answer = await transport.listSessions({ user: user || undefined, limit: 500 });
      if (mine === listRequest) sessions.value = { items: answer.sessions, total: answer.total, loading: false, error: null, user };
    } catch (e) {
      if (mine === listRequest) sessions.value = { ...sessions.peek(), loading: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  return {
    listMode,
    setListMode(mode) {
      listMode.value = mode;
      if (mode === 'sessions') void loadSessions();
    },
    sessions,
    loadSessions,
    session,
    async openSession(sessionId) {
      const mine = ++sessionRequest;
      session.value = { status: 'loading', sessionId };
      try {
        const page = await transport.queryTraces({ session: sessionId, limit: SESSION_TRACE_LIMIT });
        const traces = [...page.traces].sort((a, b) => compareNano(a.startTimeUnixNano, b.startTimeUnixNano));
        const details = await Promise.all(traces.map((t) => transport.getTrace(t.traceId)));
        if (mine !== sessionRequest) return;
        const turns = traces.map((trace, i) => ({
          trace,
          calls: (details[i]?.spans ?? [])
            .filter((s) => s.genAi && (s.genAi.inputMessages?.length || s.genAi.outputMessages?.length))
            .sort((a, b) => compareNano(a.startTimeUnixNano, b.startTimeUnixNano)),
        }));
        session.value = { status: 'ready', sessionId, userId: traces.find((t) => t.userId)?.userId ?? null, turns, totals: page.totals, total: page.total };
      } catch (e) {
        if (mine === sessionRequest) session.value = { status: 'error', sessionId, message: e instanceof Error ? e.message : String(e) };
      }
    },
    closeSession() {
      sessionRequest++;
      session.value = { status: 'idle' };
    },
    breakdown,
    async openBreakdown(by, query) {
      const mine = ++breakdownRequest;
      breakdown.value = { open: true, by, rows: breakdown.peek().by === by ? breakdown.peek().rows : null, loading: true, error: null };
      try {
        const answer = await transport.breakdown(by, query);
        const rows = [...answer.rows].sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0) || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens));
        if (mine === breakdownRequest) breakdown.value = { open: true, by, rows, loading: false, error: null };
      } catch (e) {
        if (mine === breakdownRequest) breakdown.value = { ...breakdown.peek(), loading: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
    closeBreakdown() {
      breakdownRequest++;
      breakdown.value = { ...breakdown.peek(), open: false };
    },
  };
}
