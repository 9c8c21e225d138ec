import process from 'node:process';

const SIGNAL_FLUSH_TIMEOUT_MS = 2000;

/**
 * Flushes on `beforeExit`, SIGTERM and SIGINT without keeping the process alive or changing how it dies: after a
 * signal's flush (at most 2 s, on an unref'd timer) the signal is re-raised if nobody else listens for it.
 * Returns a function that removes the hooks.
 *
 * @example
 * const remove = installNodeFlushHooks(() => provider.forceFlush());
 */
export function installNodeFlushHooks(flush: () => Promise<void>): () => void {
  let flushing: Promise<void> | undefined;
  const flushOnce = () => (flushing ??= flush().finally(() => (flushing = undefined)));
  // beforeExit fires again after the flush's I/O; an empty flush does no I/O, so the process then exits.
  const onBeforeExit = () => {
    void flushOnce();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    const timer = setTimeout(done, SIGNAL_FLUSH_TIMEOUT_MS);
    timer.unref?.();
    flushOnce().then(done, done);
    let finished = false;
    function done() {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      process.removeListener(signal, onSignal);
      // Restore default behaviour (exit) unless the app handles the signal itself.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    }
  };
  process.on('beforeExit', onBeforeExit);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  };
}
