import type { ViewerModel } from '../models/viewer-model.js';

/** Every keyboard shortcut of the viewer, as the `?` sheet lists them. */
export const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['/', 'Focus the search box'],
  ['?', 'Show or hide this list'],
  ['↑ / ↓', 'Previous / next trace in the list, or span in the waterfall'],
  ['Enter', 'From the list: into the waterfall of the selected trace'],
  ['← / →', 'Collapse / expand the selected span'],
  ['Esc', 'Close the span panel, then the trace (or this list)'],
  ['Ctrl/⌘ + wheel', 'Zoom the waterfall around the pointer; Shift + wheel pans'],
];

/**
 * The keyboard shortcuts sheet, opened with `?`.
 *
 * @example
 * {model.shortcutsOpen.value ? <ShortcutsDialog model={model} /> : null}
 */
export function ShortcutsDialog({ model }: { model: ViewerModel }) {
  return (
    <div class="overlay" onClick={() => model.setShortcutsOpen(false)}>
      <div class="dialog" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts" onClick={(e) => e.stopPropagation()}>
        <div class="dialog-head">
          <h2>Keyboard shortcuts</h2>
          <button type="button" class="btn btn-icon" aria-label="Close" onClick={() => model.setShortcutsOpen(false)}>
            ✕
          </button>
        </div>
        <table class="shortcuts">
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
