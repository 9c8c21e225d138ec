import { useEffect, useState } from 'preact/hooks';
import { copyText } from '../lib/copy-text.js';
import { Icon } from './icons.js';

/**
 * A small button that copies `text` and says so for a moment ("Copied", or "Copy failed").
 *
 * @example
 * <CopyButton text={span.spanId} label="Copy span id" />
 */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'ok' | 'fail'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1200);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      class={`copy-btn${state === 'ok' ? ' copied' : ''}`}
      aria-label={label}
      title={state === 'ok' ? 'Copied' : state === 'fail' ? 'Copy failed' : label}
      data-testid={testId}
      onClick={async (e) => {
        e.stopPropagation();
        setState((await copyText(text)) ? 'ok' : 'fail');
      }}
    >
      <Icon name={state === 'ok' ? 'check' : state === 'fail' ? 'alert' : 'copy'} />
    </button>
  );
}
