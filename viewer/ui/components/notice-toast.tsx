import { useEffect } from 'preact/hooks';
import type { ViewerModel } from '../models/viewer-model.js';

/**
 * A transient message (import result, errors) at the bottom of the page; info notices fade after a few seconds.
 *
 * @example
 * <NoticeToast model={model} />
 */
export function NoticeToast({ model }: { model: ViewerModel }) {
  const notice = model.notice.value;
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const timer = setTimeout(() => model.dismissNotice(), 4000);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice) return null;
  return (
    <div class={`notice notice-${notice.kind}`} role="status" data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" class="btn btn-icon" aria-label="Dismiss" onClick={() => model.dismissNotice()}>
        ✕
      </button>
    </div>
  );
}
