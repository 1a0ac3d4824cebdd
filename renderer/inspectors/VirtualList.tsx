/**
 * A list that renders only the rows in view (plus a little overscan), so a million keys cost
 * as much to draw as thirty. Rows have a fixed height; the scroll height is rows x height.
 */
import { useEffect, useState, type ReactNode } from 'react';
import './inspectors.css';

export const ROW_HEIGHT_PX = 22;
const OVERSCAN_ROWS = 8;

interface Props<T> {
  items: readonly T[];
  /** Visible height in pixels. */
  height: number;
  row(item: T, index: number): ReactNode;
  testId?: string;
  /** Called when the last rows come into view (load more). */
  onEnd?(): void;
  /** Called with the rows in view (first, last index) when they change: fetch what is missing. */
  onRange?(first: number, last: number): void;
}

export function VirtualList<T>({ items, height, row, testId, onEnd, onRange }: Props<T>) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT_PX) - OVERSCAN_ROWS);
  const last = Math.min(items.length, Math.ceil((top + height) / ROW_HEIGHT_PX) + OVERSCAN_ROWS);
  useEffect(() => {
    if (onRange && last > first) onRange(first, last - 1);
  }, [first, last, onRange]);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} className="vrow" style={{ top: i * ROW_HEIGHT_PX }}>
        {row(items[i], i)}
      </div>,
    );
  }
  return (
    <div
      className="vlist"
      style={{ height }}
      data-testid={testId}
      data-rows={items.length}
      data-rendered={last - first}
      onScroll={(e) => {
        const t = e.currentTarget.scrollTop;
        setTop(t);
        if (onEnd && t + height >= items.length * ROW_HEIGHT_PX - ROW_HEIGHT_PX * 4) onEnd();
      }}
    >
      <div style={{ height: items.length * ROW_HEIGHT_PX, position: 'relative' }}>{rows}</div>
    </div>
  );
}
