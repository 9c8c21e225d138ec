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
  /** Row brought into view when the selection changes (keyboard navigation, deep links); -1 for none. */
  selectedIndex?: number;
  /** Identity of the selection: it is revealed when this changes, not when rows move around it. */
  selectedKey?: string | null;
  onKeyDown?: (event: KeyboardEvent) => void;
  /** Wheel events over the rows (registered non-passive, so the handler may call preventDefault). */
  onWheel?: (event: WheelEvent) => void;
  class?: string;
  label: string;
  /** Extra CSS custom properties for the scroller (e.g. the grid step of the waterfall). */
  style?: Record<string, string>;
  testId?: string;
  /**
   * Stable key of row `index` and its inverse. When given, the first visible row stays put while rows are inserted
   * above it (new traces arrive at the top of a list the user has scrolled down).
   */
  keyAt?: (index: number) => string | undefined;
  indexOfKey?: (key: string) => number;
  /** Changes whenever the rows change (anchoring re-runs then, not on scroll). */
  dataVersion?: unknown;
  /** Called when the rendered rows reach the end of the list (to load the next page). */
  onNearEnd?: () => void;
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

  // Preact registers `onWheel` as passive in some browsers; a zooming handler must be able to preventDefault.
  const wheel = useRef(props.onWheel);
  wheel.current = props.onWheel;
  useLayoutEffect(() => {
    const el = ref.current!;
    const listener = (e: WheelEvent) => wheel.current?.(e);
    el.addEventListener('wheel', listener, { passive: false });
    return () => el.removeEventListener('wheel', listener);
  }, []);

  // Scroll anchoring: the row at the top is remembered on scroll and re-found when the data changes.
  const anchor = useRef<{ key: string; offset: number } | null>(null);
  const remember = (el: HTMLDivElement) => {
    if (!props.keyAt) return;
    const top = Math.floor(el.scrollTop / props.rowHeight);
    const key = el.scrollTop > 0 ? props.keyAt(top) : undefined;
    anchor.current = key === undefined ? null : { key, offset: el.scrollTop - top * props.rowHeight };
  };
  useLayoutEffect(() => {
    const el = ref.current;
    const previous = anchor.current;
    if (!el || !previous || !props.indexOfKey) return;
    const index = props.indexOfKey(previous.key);
    if (index < 0) return void remember(el);
    const wanted = index * props.rowHeight + previous.offset;
    if (Math.abs(wanted - el.scrollTop) >= 1) {
      el.scrollTop = wanted;
      setScrollTop(el.scrollTop);
    }
  }, [props.dataVersion]);

  const selected = props.selectedIndex ?? -1;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || selected < 0) return;
    const next = scrollTopToReveal({ index: selected, rowHeight: props.rowHeight, scrollTop: el.scrollTop, viewportHeight: el.clientHeight });
    if (next !== el.scrollTop) {
      el.scrollTop = next;
      setScrollTop(next);
    }
  }, [props.selectedKey ?? selected, props.count > selected]);

  const w = virtualWindow({ count: props.count, rowHeight: props.rowHeight, scrollTop, viewportHeight: height, overscan: 8 });
  const nearEnd = props.count > 0 && w.end >= props.count - 3;
  useLayoutEffect(() => {
    if (nearEnd) props.onNearEnd?.();
  }, [nearEnd, props.count]);
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
      onScroll={(e) => {
        const el = e.currentTarget as HTMLDivElement;
        setScrollTop(el.scrollTop);
        remember(el);
      }}
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
