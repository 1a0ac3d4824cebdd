/**
 * A time-space diagram in the style of ShiViz, turned on its side to fit the lower area: one lane
 * per node (left to right is simulated time), events as dots, deliveries and dependencies as
 * arrows between lanes. Clicking a dot asks for its causal cone; the cone's events stay lit, the
 * rest dim. A red ring marks an event that broke causality. Plain SVG, sized to its container.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CausalEvent, CausalEventKind } from '../../engine/api.js';

export const KIND_COLOURS: Record<CausalEventKind, string> = {
  post: '#4fc3f7',
  reply: '#ffb74d',
  repost: '#ce93d8',
  deliver: '#78909c',
  like: '#81c784',
  comment: '#c5e1a5',
  read: '#eceff1',
};

const LANE_H = 56;
const LEFT = 76;
const RIGHT = 12;
const TOP = 18;

interface Props {
  nodes: string[];
  events: CausalEvent[];
  fromMs: number;
  toMs: number;
  cone: Set<number> | null;
  selected: number | null;
  onSelect(id: number): void;
}

function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [w, setW] = useState(800);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setW(Math.max(320, el.clientWidth)));
    ro.observe(el);
    setW(Math.max(320, el.clientWidth));
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

export function TimeSpaceDiagram({ nodes, events, fromMs, toMs, cone, selected, onSelect }: Props) {
  const [ref, width] = useWidth();
  const height = TOP + nodes.length * LANE_H + 16;
  const span = Math.max(1, toMs - fromMs);
  const x = (t: number): number => LEFT + ((t - fromMs) / span) * (width - LEFT - RIGHT);
  const y = (node: number): number => TOP + node * LANE_H + LANE_H / 2;
  const byId = new Map(events.map((e) => [e.id, e]));
  const lit = (id: number): boolean => !cone || cone.has(id);
  const step = niceStep(span);
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push(t);
  return (
    <div ref={ref} className="tsd" data-testid="causality-diagram">
      <svg width={width} height={height} role="img" aria-label={`Time-space diagram: ${events.length} events on ${nodes.length} nodes`}>
        <defs>
          <marker id="tsd-arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
            <path d="M0,0 L6,3 L0,6 z" fill="#90a4ae" />
          </marker>
        </defs>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={TOP - 4} y2={height - 14} stroke="#1d2630" />
            <text x={x(t)} y={height - 3} fill="#7d8b99" fontSize={10} textAnchor="middle">{(t / 1000).toFixed(step < 100 ? 2 : 1)} s</text>
          </g>
        ))}
        {nodes.map((n, i) => (
          <g key={n}>
            <line x1={LEFT} x2={width - RIGHT} y1={y(i)} y2={y(i)} stroke="#33414f" strokeWidth={2} />
            <text x={6} y={y(i) + 4} fill="#c9d4df" fontSize={12}>{n}</text>
          </g>
        ))}
        {events.flatMap((e) =>
          e.from.map((f) => {
            const s = byId.get(f);
            if (!s || s.node === e.node) return null;
            const on = lit(e.id) && lit(s.id);
            return <line key={`${f}-${e.id}`} x1={x(s.tMs)} y1={y(s.node)} x2={x(e.tMs)} y2={y(e.node) + (y(e.node) > y(s.node) ? -5 : 5)} stroke={on && cone ? '#ffd54f' : '#90a4ae'} strokeOpacity={on ? 0.7 : 0.12} strokeWidth={on && cone ? 1.4 : 0.8} markerEnd="url(#tsd-arrow)" />;
          }),
        )}
        {drawOrder(events).map((e) => {
          const r = small(e.kind) ? 3 : 4.5;
          return (
            <g key={e.id} className="tsd-ev" opacity={lit(e.id) ? 1 : 0.18} onClick={() => onSelect(e.id)} data-testid={`ev-${e.id}`} data-kind={e.kind} data-violation={e.violation ? 'yes' : undefined}>
              {e.violation && <circle cx={x(e.tMs)} cy={y(e.node)} r={r + 3.5} fill="none" stroke="#ef5350" strokeWidth={2} />}
              {e.id === selected && <circle cx={x(e.tMs)} cy={y(e.node)} r={r + 6} fill="none" stroke="#ffd54f" strokeWidth={2} />}
              <circle cx={x(e.tMs)} cy={y(e.node)} r={r} fill={e.kind === 'read' ? '#0f1419' : KIND_COLOURS[e.kind]} stroke={KIND_COLOURS[e.kind]} strokeWidth={1.5} />
              <circle cx={x(e.tMs)} cy={y(e.node)} r={r + 2} fill="transparent" />
              <title>{`#${e.id} ${e.label} at ${(e.tMs / 1000).toFixed(3)} s\nvector clock ${JSON.stringify(Object.fromEntries(e.vc.map((c, i) => [nodes[i], c])))}${e.violation ? `\n${e.violation}` : ''}`}</title>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function small(kind: CausalEventKind): boolean {
  return kind === 'deliver' || kind === 'like' || kind === 'comment';
}

/** Deliveries, likes and comments first, so posts, replies, reposts and reads are on top (and take the click). */
function drawOrder(events: readonly CausalEvent[]): CausalEvent[] {
  return [...events.filter((e) => small(e.kind)), ...events.filter((e) => !small(e.kind))];
}

function niceStep(spanMs: number): number {
  for (const s of [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000]) if (spanMs / s <= 10) return s;
  return 120_000;
}
