/**
 * The follow graph drawn with cytoscape: users sized by followers and coloured by city (or, on a
 * Redis Cluster, by the master that holds their timeline); an edge
 * u -> v means u follows v, so a post by v fans out along the edges that point at v. The view is
 * updated in place (added/removed elements), and laid out again only when users are added.
 *
 * Cytoscape draws from bitmap caches that an element's restyle invalidates, and in software
 * rendering a frame drawn element by element costs 10-50x a cached one. So while a scenario plays
 * the drawn elements are left alone unless something really changed: data is set only when it
 * differs, classes only where the selection changes them, and post pulses go on an overlay
 * canvas (pulseOverlay.ts) instead of classes.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useRef, type RefObject } from 'react';
import type { Frame, GraphView } from '../../engine/api.js';
import { colour } from '../format.js';
import { drawPulses, NO_PULSES, pulseShapes, type PulseShapes } from './pulseOverlay.js';
import { forceLayoutInWorker } from './forceClient.js';

const PULSE_MS = 700;
/** Above this many nodes cytoscape's cose is too slow to feel live: rings by followers at once, then our force layout from a worker. */
const FORCE_LAYOUT_MAX_NODES = 150;
const LABELLED_NODES = 25;
const FIT_PADDING_PX = 24;
const SELECTED_MIN_PX = 22;
/** How long the viewport must be still before a new view is drawn (see the view effect). */
const SETTLE_MS = 400;
/** Size changes below this share of the panel keep the zoom (see the ResizeObserver). */
const REFIT_SLACK = 0.15;
/** Ring k of the concentric layout holds about RING_DENSITY * (2k + 1) users. */
const RING_DENSITY = 3;
/** A user whose timeline's slot no master claims (mid-move) when colouring by shard. */
const NO_SHARD_COLOUR = '#78909c';

export type ColourBy = 'city' | 'shard';

interface Props {
  view: GraphView;
  selected: number | null;
  pulses: { seq: number; posts: Frame['posts'] };
  /** Graph model: authors recalled into the selected user's feed, with the recall paths. */
  recalled: { author: number; paths: string[] }[];
  colourBy: ColourBy;
  onSelect(user: number): void;
  /** Projector mode: thicker rings and edges, larger labels. */
  projector?: boolean;
  /** Set to a function that draws the graph as a PNG data URL (for "Export PNG"). */
  pngRef?: RefObject<(() => string) | null>;
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(color)',
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(display)',
      color: '#d8dee6',
      'font-size': 9,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'border-width': 0,
    },
  },
  // Labels smaller than this on screen are not drawn (nor cached with the node's bitmap). Only on
  // the nodes that have a label: cytoscape rescales a node's cached bitmap to a new zoom level only
  // from a bitmap with the same label visibility, so on every node this threshold made the first
  // zoom across it draw all of them again in one frame (~50-100 ms at 500 nodes).
  { selector: 'node[?display]', style: { 'min-zoomed-font-size': 6 } },
  { selector: 'edge', style: { width: 0.7, 'line-color': '#5a6b80', 'curve-style': 'haystack', opacity: 0.6 } },
  { selector: 'node.faded', style: { opacity: 0.3 } },
  { selector: 'edge.faded', style: { opacity: 0.12 } },
  { selector: 'node.followee', style: { 'border-width': 2, 'border-color': '#4fc3f7', opacity: 1 } },
  { selector: 'edge.followee-edge', style: { 'line-color': '#4fc3f7', width: 1.6, opacity: 1, 'z-index': 5 } },
  { selector: 'node.recalled', style: { 'border-width': 4, 'border-color': '#69f0ae', opacity: 1 } },
  { selector: 'edge.recall-edge', style: { 'line-color': '#69f0ae', width: 1.6, 'line-style': 'dashed', opacity: 1, 'z-index': 6 } },
  // A selected user with few followers would be a dot: draw it at least SELECTED_MIN_PX wide.
  // Its label is drawn at any zoom, on a dark plate so it reads over edges.
  {
    selector: 'node.selected',
    style: {
      'border-width': 4, 'border-color': '#ffffff', opacity: 1, 'z-index': 10, width: 'data(selectedSize)', height: 'data(selectedSize)', label: 'data(ring)', 'font-size': 11, color: '#ffffff',
      'min-zoomed-font-size': 0, 'text-background-color': '#0f1419', 'text-background-opacity': 0.85, 'text-background-padding': '2px', 'font-weight': 'bold',
    },
  },
];

/** Projector mode: every highlight thicker, labels larger (a room at the back must see them). */
const PROJECTOR_STYLE: cytoscape.StylesheetJson = [
  ...STYLE,
  { selector: 'node', style: { 'font-size': 13 } },
  { selector: 'edge', style: { width: 1.2 } },
  { selector: 'node.followee', style: { 'border-width': 4 } },
  { selector: 'edge.followee-edge', style: { width: 3.5 } },
  { selector: 'node.recalled', style: { 'border-width': 6 } },
  { selector: 'edge.recall-edge', style: { width: 3.5 } },
  { selector: 'node.selected', style: { 'border-width': 7, 'font-size': 16 } },
];

/** Zoomed to a selected user: its neighbourhood fills the view, the user at least this wide on screen. */
const SELECTED_ON_SCREEN_PX = 28;
const SELECT_ZOOM_MAX = 3;
/** A clicked user at least this wide on screen is not zoomed to. */
const TAPPED_READABLE_PX = 14;

/** What the style and the layout read; nothing else, so that nothing else restyles a node. */
function nodeColour(n: GraphView['nodes'][number], by: ColourBy): string {
  if (by === 'city') return colour(n.city);
  return n.shard === undefined || n.shard < 0 ? NO_SHARD_COLOUR : colour(n.shard);
}

function nodeData(n: GraphView['nodes'][number], maxFollowers: number, labelled: Set<number>, by: ColourBy) {
  // Log scale: follower counts are heavy-tailed (one celebrity would dwarf everyone else). Half
  // pixel steps: a new follower of the top user must not resize (restyle) every node.
  const size = Math.round(2 * (8 + 34 * (Math.log1p(n.followers) / Math.log1p(Math.max(1, maxFollowers))))) / 2;
  return {
    id: String(n.id),
    label: n.label,
    display: labelled.has(n.id) ? n.label : '',
    ring: `#${n.id}`,
    color: nodeColour(n, by),
    size,
    selectedSize: Math.max(size, SELECTED_MIN_PX),
  };
}

type NodeData = ReturnType<typeof nodeData>;

function sameData(el: cytoscape.NodeSingular, d: NodeData): boolean {
  const o = el.data() as Partial<NodeData>;
  return o.label === d.label && o.ring === d.ring && o.display === d.display && o.color === d.color && o.size === d.size && o.selectedSize === d.selectedSize;
}

/** The classes each drawn element should have for this selection ('' for none); unlisted elements get `rest`. */
function selectionClasses(cy: Core, selected: number | null, recalled: Props['recalled']): { want: Map<string, string>; rest: string } {
  const want = new Map<string, string>();
  const node = selected === null ? cy.collection() : cy.getElementById(String(selected));
  if (node.empty()) return { want, rest: '' };
  want.set(node.id(), 'selected');
  const out = node.outgoers();
  out.edges().forEach((e) => void want.set(e.id(), 'followee-edge'));
  out.nodes().forEach((n) => void want.set(n.id(), 'followee'));
  // Recalled authors the user does not follow came by another path (city, interests, 2 hops).
  for (const r of recalled) {
    const author = cy.getElementById(String(r.author));
    if (author.empty() || author.same(node)) continue;
    want.set(author.id(), 'recalled');
    node.edgesTo(author).forEach((e) => void want.set(e.id(), 'recall-edge'));
  }
  return { want, rest: 'faded' };
}

/** Classes for the selection, set only on the elements where they change (a class change restyles). */
function applySelection(cy: Core, selected: number | null, recalled: Props['recalled']): void {
  const { want, rest } = selectionClasses(cy, selected, recalled);
  cy.batch(() => {
    cy.elements().forEach((el) => {
      const w = want.get(el.id()) ?? rest;
      if (el.classes().join(' ') !== w) el.classes(w);
    });
  });
}

type Viewport = { zoom: number; x: number; y: number };

/** Whether the viewport is where our last fit left it (none yet counts as yes). */
function atFit(cy: Core, f: Viewport | null): boolean {
  return !f || (f.zoom === cy.zoom() && f.x === cy.pan().x && f.y === cy.pan().y);
}

function fit(cy: Core, fitted: RefObject<Viewport | null>): void {
  cy.fit(undefined, FIT_PADDING_PX);
  fitted.current = { zoom: cy.zoom(), ...cy.pan() };
}

/**
 * Diffs `view` against what is drawn and touches only what changed; lays out again only when
 * users were added that could not take the places of removed ones.
 */
function applyView(cy: Core, view: GraphView, colourBy: ColourBy, fitted: RefObject<Viewport | null>): void {
  const maxFollowers = view.nodes.reduce((m, n) => Math.max(m, n.followers), 0);
  const byFollowers = [...view.nodes].sort((a, b) => b.followers - a.followers || a.id - b.id);
  const labelled = new Set(byFollowers.slice(0, LABELLED_NODES).map((n) => n.id));
  const ring = new Map(byFollowers.map((n, rank) => [String(n.id), Math.floor(Math.sqrt(rank / RING_DENSITY))]));
  const wantNodes = new Set(view.nodes.map((n) => String(n.id)));
  const wantEdges = new Set(view.edges.map(([u, v]) => `${u}>${v}`));
  const wasEmpty = cy.nodes().empty();
  const freed: { x: number; y: number; ring: number }[] = [];
  const added: ElementDefinition[] = [];
  cy.batch(() => {
    cy.elements().forEach((el) => {
      if ((el.isNode() ? wantNodes : wantEdges).has(el.id())) return;
      if (el.isNode()) freed.push({ ...el.position(), ring: (el.scratch('_ring') as number | undefined) ?? 0 });
      el.remove();
    });
    for (const n of view.nodes) {
      const data = nodeData(n, maxFollowers, labelled, colourBy);
      const el = cy.getElementById(data.id);
      if (el.empty()) added.push({ group: 'nodes', data });
      else if (!sameData(el, data)) el.data(data);
    }
    // Users that took the place of others in a sample (a new top account): into the freed
    // places, outer rings to outer rings, so that nobody else moves and nothing else redraws.
    const swap = !wasEmpty && added.length > 0 && added.length <= freed.length;
    if (swap) {
      freed.sort((a, b) => a.ring - b.ring);
      const rankOf = (d: ElementDefinition) => ring.get(d.data.id ?? '') ?? 0;
      added.sort((a, b) => rankOf(a) - rankOf(b)).forEach((d, i) => (d.position = { x: freed[i].x, y: freed[i].y }));
    }
    const edges: ElementDefinition[] = [];
    for (const [u, v] of view.edges) {
      const id = `${u}>${v}`;
      if (cy.getElementById(id).empty()) edges.push({ group: 'edges', data: { id, source: String(u), target: String(v) } });
    }
    cy.add([...added, ...edges]).nodes().forEach((n) => void n.scratch('_ring', ring.get(n.id()) ?? 0));
    if (swap) added.length = 0;
  });
  if (added.length > 0) {
    cy.nodes().forEach((n) => void n.scratch('_ring', ring.get(n.id()) ?? 0));
    const layout = view.nodes.length <= FORCE_LAYOUT_MAX_NODES
      ? cy.layout({ name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 8000, idealEdgeLength: () => 60, padding: 20, fit: false } as cytoscape.LayoutOptions)
      : // Rings by follower rank, ring k holding about 6k users: the most followed in the middle,
        // an evenly filled disc around them (rings by raw counts leave one huge sparse ring).
        cy.layout({ name: 'concentric', animate: false, concentric: (n: cytoscape.NodeSingular) => -(n.scratch('_ring') as number), levelWidth: () => 1, minNodeSpacing: 4, padding: 20, fit: false } as cytoscape.LayoutOptions);
    layout.run();
    // Keep a viewport the user chose (zoomed or panned since our last fit).
    if (wasEmpty || atFit(cy, fitted.current)) fit(cy, fitted);
    // The rings are drawn at once; the force layout that shows hubs and communities follows from a worker.
    if (view.nodes.length > FORCE_LAYOUT_MAX_NODES) requestForceLayout(cy, byFollowers.map((n) => String(n.id)), view.edges, fitted);
  }
}

/** Moves the drawn users to the force layout's positions when they come (fitting again unless the user moved the view). */
function requestForceLayout(cy: Core, ids: string[], edges: GraphView['edges'], fitted: RefObject<Viewport | null>): void {
  forceLayoutInWorker(ids, edges, (positions) => {
    if (cy.destroyed()) return;
    const keepView = !atFit(cy, fitted.current);
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const p = positions[n.id()];
        if (p) n.position(p);
      });
    });
    if (!keepView) fit(cy, fitted);
    cy.container()?.setAttribute('data-layout', 'force');
  });
}

/** Centres the selected user with its followees in view, zoomed in far enough to see it (and its ring). */
function focusSelected(cy: Core, selected: number | null): void {
  const node = selected === null ? cy.collection() : cy.getElementById(String(selected));
  if (node.empty()) return;
  const around = node.closedNeighborhood().nodes();
  const bb = around.boundingBox({});
  const w = Math.max(1, cy.width() - 2 * FIT_PADDING_PX);
  const h = Math.max(1, cy.height() - 2 * FIT_PADDING_PX);
  const fitZoom = Math.min(w / Math.max(bb.w, 1), h / Math.max(bb.h, 1));
  const minZoom = SELECTED_ON_SCREEN_PX / Math.max(1, node.width());
  const zoom = Math.min(SELECT_ZOOM_MAX, Math.max(minZoom, Math.min(fitZoom, SELECT_ZOOM_MAX)));
  cy.stop();
  cy.animate({ zoom, center: { eles: node } }, { duration: 250 });
}

export function FollowGraphView({ view, selected, pulses, recalled, colourBy, onSelect, projector = false, pngRef }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const cyRef = useRef<Core | null>(null);
  const shapes = useRef<PulseShapes>(NO_PULSES);
  /** The viewport our last fit set: while it is unchanged the user has not moved, so relayouts fit again. */
  const fitted = useRef<Viewport | null>(null);
  /** performance.now() of the last viewport change (pan, zoom, fit). */
  const movedAt = useRef(-Infinity);
  /** The user last clicked on the canvas (a selection from elsewhere, such as Go to, is always zoomed to). */
  const tapped = useRef<number | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  /** For a view drawn after a wait: the selection of that moment. */
  const selection = useRef({ selected, recalled });
  selection.current = { selected, recalled };

  useEffect(() => {
    // Software rendering (no GPU): draw at 1 device pixel per CSS pixel. No textureOnViewport or
    // hideEdgesOnViewport: with the elements left alone, cytoscape's layer bitmaps make a pan or
    // zoom frame cost well under a millisecond, while those options redraw every node (or the
    // whole graph into a texture) at the start of each gesture: 100-300 ms at 2,500 elements.
    const cy = cytoscape({
      container: container.current, style: STYLE, minZoom: 0.05, maxZoom: 6, boxSelectionEnabled: false, autoungrabify: false,
      textureOnViewport: false, hideEdgesOnViewport: false, motionBlur: false, pixelRatio: 1,
    });
    cy.on('tap', 'node', (e) => {
      tapped.current = Number(e.target.id());
      onSelectRef.current(tapped.current);
    });
    // The overlay follows every frame cytoscape draws (pan, zoom, a dragged node).
    const redrawOverlay = () => {
      if (overlay.current && (shapes.current.rings.length > 0 || overlay.current.dataset.lit === '1')) {
        drawPulses(overlay.current, cy, shapes.current);
        overlay.current.dataset.lit = shapes.current.rings.length > 0 ? '1' : '0';
      }
    };
    cy.on('render', redrawOverlay);
    cy.on('viewport', () => void (movedAt.current = performance.now()));
    cyRef.current = cy;
    if (pngRef) pngRef.current = () => cy.png({ full: false, scale: 2, bg: '#151c24' });
    // Keep the whole graph in view as the panel changes size, unless the user has moved the view
    // or the change is a banner or caption line: a refit changes the zoom, so every element is
    // drawn again at the new scale (hundreds of ms for a large sample).
    let box = { w: 0, h: 0 };
    const ro = new ResizeObserver(() => {
      const el = container.current;
      if (!el) return;
      const prev = box;
      box = { w: el.clientWidth, h: el.clientHeight };
      cy.resize();
      const big = Math.abs(box.w - prev.w) > REFIT_SLACK * prev.w || Math.abs(box.h - prev.h) > REFIT_SLACK * prev.h;
      if (big && atFit(cy, fitted.current)) fit(cy, fitted);
    });
    if (container.current) ro.observe(container.current);
    return () => {
      ro.disconnect();
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  // Nodes and edges. While the user pans or zooms, updates wait until the view has been still
  // for SETTLE_MS: a changed element makes cytoscape draw every element again, at each new zoom.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = () => {
      const wait = movedAt.current + SETTLE_MS - performance.now();
      if (!cy.nodes().empty() && wait > 0) timer = setTimeout(apply, wait);
      else {
        applyView(cy, view, colourBy, fitted);
        applySelection(cy, selection.current.selected, selection.current.recalled);
      }
    };
    // In a task of its own, not in the commit that brought the view: diffing a 500-user view into
    // cytoscape is 10-25 ms, and that commit (a store update, rendered synchronously) is the rest
    // of the panels' render; together they made one task of 50-100 ms at 100k users.
    timer = setTimeout(apply, 0);
    return () => clearTimeout(timer);
  }, [view, colourBy]);

  // Selection: the user, the users it follows and those edges.
  useEffect(() => {
    const cy = cyRef.current;
    if (cy) applySelection(cy, selected, recalled);
  }, [selected, view, recalled]);

  // A newly selected user (a click, Go to): centred and zoomed to, once it is drawn.
  const focused = useRef<number | null>(null);
  useEffect(() => {
    const fromTap = tapped.current === selected;
    tapped.current = null;
    const cy = cyRef.current;
    if (!cy || selected === null) {
      focused.current = null;
      return;
    }
    const node = cy.getElementById(String(selected));
    if (focused.current === selected || node.empty()) return;
    focused.current = selected;
    // A user clicked where it is drawn large enough stays where the pointer is.
    if (fromTap && node.renderedWidth() >= TAPPED_READABLE_PX) return;
    focusSelected(cy, selected);
  }, [selected, view]);

  useEffect(() => {
    cyRef.current?.style(projector ? PROJECTOR_STYLE : STYLE);
  }, [projector]);

  // Posts: ring the authors and draw the edges their posts fan out along, on the overlay.
  useEffect(() => {
    const cy = cyRef.current;
    const canvas = overlay.current;
    if (!cy || !canvas) return;
    shapes.current = pulses.posts.length > 0 ? pulseShapes(cy, pulses.posts) : NO_PULSES;
    drawPulses(canvas, cy, shapes.current);
    canvas.dataset.lit = shapes.current.rings.length > 0 ? '1' : '0';
    // How many storms (big authors' posts) were drawn so far: read by the e2e tests.
    if (shapes.current.storms.length > 0) canvas.dataset.storms = String(Number(canvas.dataset.storms ?? 0) + shapes.current.storms.length);
    if (shapes.current.rings.length === 0) return;
    const t = setTimeout(() => {
      shapes.current = NO_PULSES;
      drawPulses(canvas, cy, NO_PULSES);
      canvas.dataset.lit = '0';
    }, PULSE_MS);
    return () => clearTimeout(t);
  }, [pulses]);

  return (
    <div className="graph-stage">
      <div className="graph-canvas" ref={container} data-testid="graph-canvas" data-nodes={view.nodes.length} data-edges={view.edges.length} data-colour-by={colourBy} />
      <canvas className="graph-overlay" ref={overlay} aria-hidden />
    </div>
  );
}
