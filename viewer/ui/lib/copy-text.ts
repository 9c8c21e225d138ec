/**
 * Puts text on the clipboard: the async Clipboard API where the page may use it (the viewer on 127.0.0.1 or
 * localhost is a secure context), else a hidden textarea and `execCommand('copy')`. Resolves false when both fail.
 *
 * @example
 * await copyText(span.spanId); // true
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof globalThis.navigator?.clipboard?.writeText === 'function') {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (no focus, no permission): try the old way.
  }
  try {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  } catch {
    return false;
  }
}
