import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { scrollTopToReveal, virtualWindow } from '../lib/virtual-window.js';

/** Props of {@link VirtualList}. */
export interface VirtualListProps {
  count: number;
  /** Fixed height of every row, in px (must match the row's CSS height). */
  rowHeight: number;
  /** Renders row `index`; give it a stable `key`. */
  renderRow: (index: number) => ComponentChildren;
  /** Row kept in view when it changes (keyboard navigation, deep links); -1 for none. */
  selectedIndex?: number;
  onKeyDown?: (event: KeyboardEvent) => void;
  class?: string;
  label: string;
  /** Extra CSS custom properties for the scroller (e.g. the grid step of the waterfall). */
  style?: Record<string, string>;
  testId?: string;
}

/**
 * A scroller that renders only the rows in view (plus a few either side), so a list of 100,000 rows costs the same
 * DOM as one of 40. Rows have a fixed height; the scroll height comes from a spacer.
 *
 * @example
 * <VirtualList count={items.length} rowHeight={30} label="Spans" renderRow={(i) => <Row key={items[i].id} />} />
 */
export function VirtualList(props: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);

  useLayoutEffect(() => {
    const el = ref.current!;
    const measure = () => setHeight(el.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const selected = props.selectedIndex ?? -1;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || selected < 0) return;
    const next = scrollTopToReveal({ index: selected, rowHeight: props.rowHeight, scrollTop: el.scrollTop, viewportHeight: el.clientHeight });
    if (next !== el.scrollTop) {
      el.scrollTop = next;
      setScrollTop(next);
    }
  }, [selected, props.count > selected]);

  const w = virtualWindow({ count: props.count, rowHeight: props.rowHeight, scrollTop, viewportHeight: height, overscan: 8 });
  const rows: ComponentChildren[] = [];
  for (let i = w.start; i < w.end; i++) rows.push(props.renderRow(i));

  return (
    <div
      ref={ref}
      class={`vlist ${props.class ?? ''}`}
      tabIndex={0}
      role="listbox"
      aria-label={props.label}
      data-testid={props.testId}
      style={props.style}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={props.onKeyDown}
    >
      <div class="vlist-spacer" style={{ height: `${w.totalPx}px` }}>
        <div class="vlist-rows" style={{ transform: `translateY(${w.offsetPx}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
