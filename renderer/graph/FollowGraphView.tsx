/**
 * The follow graph drawn with cytoscape: users sized by followers and coloured by city; an edge
 * u -> v means u follows v, so a post by v fans out along the edges that point at v. The view is
 * updated in place (added/removed elements), and laid out again only when users are added.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { Frame, GraphView } from '../../engine/api.js';
import { colour } from '../format.js';

const PULSE_MS = 700;
/** Above this many nodes the force layout is too slow to feel live: rings by followers instead. */
const FORCE_LAYOUT_MAX_NODES = 150;
const LABELLED_NODES = 25;
const FIT_PADDING_PX = 24;
const SELECTED_MIN_PX = 22;
/** Ring k of the concentric layout holds about RING_DENSITY * (2k + 1) users. */
const RING_DENSITY = 3;

interface Props {
  view: GraphView;
  selected: number | null;
  pulses: { seq: number; posts: Frame['posts'] };
  /** Graph model: authors recalled into the selected user's feed, with the recall paths. */
  recalled: { author: number; paths: string[] }[];
  onSelect(user: number): void;
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
  { selector: 'edge', style: { width: 0.7, 'line-color': '#3b4654', 'curve-style': 'haystack', opacity: 0.7 } },
  { selector: 'node.faded', style: { opacity: 0.3 } },
  { selector: 'edge.faded', style: { opacity: 0.12 } },
  { selector: 'node.followee', style: { 'border-width': 2, 'border-color': '#4fc3f7', opacity: 1 } },
  { selector: 'edge.followee-edge', style: { 'line-color': '#4fc3f7', width: 1.6, opacity: 1, 'z-index': 5 } },
  { selector: 'node.recalled', style: { 'border-width': 4, 'border-color': '#69f0ae', opacity: 1 } },
  { selector: 'edge.recall-edge', style: { 'line-color': '#69f0ae', width: 1.6, 'line-style': 'dashed', opacity: 1, 'z-index': 6 } },
  // A selected user with few followers would be a dot: draw it at least SELECTED_MIN_PX wide.
  { selector: 'node.selected', style: { 'border-width': 4, 'border-color': '#ffffff', opacity: 1, 'z-index': 10, width: 'data(selectedSize)', height: 'data(selectedSize)', label: 'data(label)', 'font-size': 11, color: '#ffffff' } },
  { selector: 'node.pulse', style: { 'border-width': 5, 'border-color': '#ffd54f', opacity: 1, 'z-index': 20 } },
  { selector: 'edge.fanout', style: { 'line-color': '#ffd54f', width: 2.2, opacity: 1, 'z-index': 20 } },
];

function nodeData(n: GraphView['nodes'][number], maxFollowers: number, labelled: Set<number>) {
  // Log scale: follower counts are heavy-tailed (one celebrity would dwarf everyone else).
  const size = 8 + 34 * (Math.log1p(n.followers) / Math.log1p(Math.max(1, maxFollowers)));
  return {
    id: String(n.id),
    label: n.label,
    display: labelled.has(n.id) ? n.label : '',
    followers: n.followers,
    city: n.city,
    color: colour(n.city),
    size,
    selectedSize: Math.max(size, SELECTED_MIN_PX),
  };
}

export function FollowGraphView({ view, selected, pulses, recalled, onSelect }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    // Software rendering (no GPU): while the viewport moves, pan/zoom a cached bitmap of the
    // graph instead of redrawing every element, and draw at 1 device pixel per CSS pixel.
    const cy = cytoscape({
      container: container.current, style: STYLE, minZoom: 0.05, maxZoom: 6, boxSelectionEnabled: false, autoungrabify: false,
      textureOnViewport: true, hideEdgesOnViewport: true, motionBlur: false, pixelRatio: 1,
    });
    cy.on('tap', 'node', (e) => onSelectRef.current(Number(e.target.id())));
    cyRef.current = cy;
    // Keep the whole graph in view as the panel changes size.
    const ro = new ResizeObserver(() => {
      cy.resize();
      cy.fit(undefined, FIT_PADDING_PX);
    });
    if (container.current) ro.observe(container.current);
    return () => {
      ro.disconnect();
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  // Nodes and edges: diff against what is drawn.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const maxFollowers = view.nodes.reduce((m, n) => Math.max(m, n.followers), 0);
    const byFollowers = [...view.nodes].sort((a, b) => b.followers - a.followers || a.id - b.id);
    const labelled = new Set(byFollowers.slice(0, LABELLED_NODES).map((n) => n.id));
    const ring = new Map(byFollowers.map((n, rank) => [n.id, Math.floor(Math.sqrt(rank / RING_DENSITY))]));
    const wantNodes = new Set(view.nodes.map((n) => String(n.id)));
    const wantEdges = new Set(view.edges.map(([u, v]) => `${u}>${v}`));
    let addedNodes = 0;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!(el.isNode() ? wantNodes : wantEdges).has(el.id())) el.remove();
      });
      const add: ElementDefinition[] = [];
      for (const n of view.nodes) {
        const data = { ...nodeData(n, maxFollowers, labelled), ring: ring.get(n.id) ?? 0 };
        const el = cy.getElementById(data.id);
        if (el.nonempty()) el.data(data);
        else {
          add.push({ group: 'nodes', data });
          addedNodes++;
        }
      }
      for (const [u, v] of view.edges) {
        const id = `${u}>${v}`;
        if (cy.getElementById(id).empty()) add.push({ group: 'edges', data: { id, source: String(u), target: String(v) } });
      }
      cy.add(add);
    });
    if (addedNodes > 0) {
      const layout = view.nodes.length <= FORCE_LAYOUT_MAX_NODES
        ? cy.layout({ name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 8000, idealEdgeLength: () => 60, padding: 20 } as cytoscape.LayoutOptions)
        : // Rings by follower rank, ring k holding about 6k users: the most followed in the middle,
          // an evenly filled disc around them (rings by raw counts leave one huge sparse ring).
          cy.layout({ name: 'concentric', animate: false, concentric: (n: cytoscape.NodeSingular) => -(n.data('ring') as number), levelWidth: () => 1, minNodeSpacing: 4, padding: 20 } as cytoscape.LayoutOptions);
      layout.run();
      cy.fit(undefined, FIT_PADDING_PX);
    }
  }, [view]);

  // Selection: the user, the users it follows and those edges.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().removeClass('selected followee followee-edge faded recalled recall-edge');
      if (selected === null) return;
      const node = cy.getElementById(String(selected));
      if (node.empty()) return;
      const out = node.outgoers();
      cy.elements().addClass('faded');
      node.removeClass('faded').addClass('selected');
      out.edges().removeClass('faded').addClass('followee-edge');
      out.nodes().removeClass('faded').addClass('followee');
      // Recalled authors the user does not follow came by another path (city, interests, 2 hops).
      for (const r of recalled) {
        const author = cy.getElementById(String(r.author));
        if (author.empty() || author.same(node)) continue;
        author.removeClass('faded').addClass('recalled');
        node.edgesTo(author).removeClass('faded').addClass('recall-edge');
      }
    });
  }, [selected, view, recalled]);

  // Posts: pulse the author and the edges its post fans out along (its followers' edges).
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || pulses.posts.length === 0) return;
    const lit = cy.collection();
    for (const p of pulses.posts) {
      const author = cy.getElementById(String(p.author));
      if (author.empty()) continue;
      lit.merge(author);
      if (p.pushed) lit.merge(author.incomers('edge'));
    }
    lit.nodes().addClass('pulse');
    lit.edges().addClass('fanout');
    const t = setTimeout(() => lit.removeClass('pulse fanout'), PULSE_MS);
    return () => {
      clearTimeout(t);
      lit.removeClass('pulse fanout');
    };
  }, [pulses]);

  return <div className="graph-canvas" ref={container} data-testid="graph-canvas" data-nodes={view.nodes.length} data-edges={view.edges.length} />;
}
