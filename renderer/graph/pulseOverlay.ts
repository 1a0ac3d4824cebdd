/**
 * Post pulses drawn on a canvas of our own above cytoscape's: a ring around each author and the
 * follower edges its post fans out along. Cytoscape caches the drawn graph as bitmaps (per element
 * and in layers) and rebuilds them when an element's style changes; pulsing by adding classes
 * restyled up to thousands of edges five times a second while a scenario played, so every frame
 * fell back to drawing element by element. The overlay leaves cytoscape's elements untouched.
 */
import type { Core } from 'cytoscape';
import type { Frame } from '../../engine/api.js';

const RING_COLOUR = '#ffd54f';
/** In model units, like cytoscape's widths: both scale with the zoom. */
const RING_WIDTH = 4;
const FANOUT_WIDTH = 2.2;

/** What one batch of posts lights up, in model coordinates (captured once per batch). */
export interface PulseShapes {
  /** x, y, radius per author. */
  rings: Float64Array;
  /** x1, y1, x2, y2 per fan-out edge (follower -> author). */
  lines: Float64Array;
  /**
   * A big author's post (a "storm"): most of its followers are not drawn, so their fan-out shows
   * as one aggregated ring around the author, labelled with the follower count.
   */
  storms: { x: number; y: number; r: number; followers: number; notDrawn: number }[];
}

export const NO_PULSES: PulseShapes = { rings: new Float64Array(0), lines: new Float64Array(0), storms: [] };

/** A post is a storm when its author has at least this many followers, most of them not drawn. */
export const STORM_FOLLOWERS = 1000;
const STORM_COLOUR = 'rgba(255, 213, 79, 0.35)';

/** The drawn authors of `posts` and, for posts pushed to followers' timelines, their drawn follower edges. */
export function pulseShapes(cy: Core, posts: Frame['posts']): PulseShapes {
  const rings: number[] = [];
  const lines: number[] = [];
  const storms: PulseShapes['storms'] = [];
  const seen = new Set<number>();
  for (const p of posts) {
    if (seen.has(p.author)) continue;
    seen.add(p.author);
    const author = cy.getElementById(String(p.author));
    if (author.empty()) continue;
    const a = author.position();
    rings.push(a.x, a.y, (author.data('size') as number) / 2);
    if (!p.pushed) continue;
    const drawn = author.incomers('node');
    drawn.forEach((f) => {
      const q = f.position();
      lines.push(q.x, q.y, a.x, a.y);
    });
    const notDrawn = p.followers - drawn.length;
    if (p.followers >= STORM_FOLLOWERS && notDrawn > drawn.length) storms.push({ x: a.x, y: a.y, r: (author.data('size') as number) / 2, followers: p.followers, notDrawn });
  }
  return { rings: Float64Array.from(rings), lines: Float64Array.from(lines), storms };
}

/** Matches the overlay canvas to its box (CSS pixels, like cytoscape here: pixelRatio 1) and draws the shapes at cytoscape's viewport. */
export function drawPulses(canvas: HTMLCanvasElement, cy: Core, shapes: PulseShapes): void {
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (shapes.rings.length === 0) return;
  const z = cy.zoom();
  const pan = cy.pan();
  ctx.setTransform(z, 0, 0, z, pan.x, pan.y);
  ctx.strokeStyle = RING_COLOUR;
  const { lines, rings } = shapes;
  if (lines.length > 0) {
    // One path for all edges: one stroke call, however many followers.
    ctx.lineWidth = FANOUT_WIDTH;
    ctx.beginPath();
    for (let i = 0; i < lines.length; i += 4) {
      ctx.moveTo(lines[i], lines[i + 1]);
      ctx.lineTo(lines[i + 2], lines[i + 3]);
    }
    ctx.stroke();
  }
  ctx.lineWidth = RING_WIDTH;
  ctx.beginPath();
  for (let i = 0; i < rings.length; i += 3) {
    const r = rings[i + 2] + RING_WIDTH / 2;
    ctx.moveTo(rings[i] + r, rings[i + 1]);
    ctx.arc(rings[i], rings[i + 1], r, 0, 2 * Math.PI);
  }
  ctx.stroke();
  drawStorms(ctx, shapes.storms, z, pan);
}

/** The aggregated ring of a storm (wider with the followers not drawn) and its label, in screen pixels so it reads at any zoom. */
function drawStorms(ctx: CanvasRenderingContext2D, storms: PulseShapes['storms'], z: number, pan: { x: number; y: number }): void {
  if (storms.length === 0) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (const s of storms) {
    const x = pan.x + s.x * z;
    const y = pan.y + s.y * z;
    const width = 6 + 4 * Math.log10(Math.max(10, s.notDrawn));
    const r = s.r * z + 6 + width / 2;
    ctx.strokeStyle = STORM_COLOUR;
    ctx.lineWidth = width;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.stroke();
    const label = `${s.followers.toLocaleString('en-US')} followers · ${s.notDrawn.toLocaleString('en-US')} not drawn`;
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#0f1419';
    ctx.strokeText(label, x, y - r - width / 2 - 4);
    ctx.fillStyle = RING_COLOUR;
    ctx.fillText(label, x, y - r - width / 2 - 4);
  }
}
