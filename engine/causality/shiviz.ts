/**
 * ShiViz's log format (DistributedClocks/shiviz; GoVector writes the same): the parser's regular
 * expression on the first line, an empty line (ShiViz's "multiple executions" delimiter, unused),
 * then two lines per event: `host {"host": n, ...}` (the vector clock as JSON, the host's own
 * entry included) and the event's description. Host names must match `\S*`.
 */
import { vcJson } from './vectorClock.js';

export const SHIVIZ_REGEX = String.raw`(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`;

export interface ShivizEvent {
  node: number;
  vc: readonly number[];
  label: string;
  violation?: string;
}

export function shivizLog(hosts: readonly string[], events: readonly ShivizEvent[]): string {
  const names = hosts.map((h, i) => h.replace(/\s+/g, '_') || `n${i}`);
  const lines = [SHIVIZ_REGEX, ''];
  for (const e of events) {
    lines.push(`${names[e.node]} ${JSON.stringify(vcJson(e.vc, names))}`);
    lines.push((e.violation ? `${e.label} [VIOLATION: ${e.violation}]` : e.label).replace(/\n/g, ' '));
  }
  return `${lines.join('\n')}\n`;
}

/** Parses a log written by shivizLog back into host, clock and event (the same regex ShiViz uses). */
export function parseShiviz(text: string): { host: string; clock: Record<string, number>; event: string }[] {
  const body = text.split('\n').slice(2).join('\n');
  const re = /(?<host>\S*) (?<clock>{.*})\n(?<event>.*)/g;
  const out: { host: string; clock: Record<string, number>; event: string }[] = [];
  for (const m of body.matchAll(re)) {
    const g = m.groups as { host: string; clock: string; event: string };
    out.push({ host: g.host, clock: JSON.parse(g.clock) as Record<string, number>, event: g.event });
  }
  return out;
}
