/**
 * What the follow-graph panel draws: the most followed users plus the neighbourhood of the
 * selected one, the follows among them (those touching the selected user first, then up to
 * `maxEdges`), and a sentence saying what was left out, so a sampled view never passes for the
 * whole graph.
 */
import type { CommandArgs, GraphView } from '../api.js';
import type { GeneratedEdges, SocialGraph } from '../scenario/graph.js';
import { topByCount, type FollowGraph } from './FollowGraph.js';

/** Followers of the selected user added to the view, at most. */
const FOCUS_FOLLOWERS_SHOWN = 200;

export type GraphViewArgs = Omit<CommandArgs<'getGraph'>, 'maxEdges'> & { maxEdges?: number };

export function followGraphView(g: FollowGraph, social: SocialGraph, args: GraphViewArgs): GraphView {
  return assembleView({
    users: g.users,
    follows: g.edges,
    top: (k) => g.topByFollowers(k),
    followees: (u) => g.followees(u),
    followers: (u) => g.followers(u),
    followerCount: (u) => g.followerCount(u),
    followeeCount: (u) => g.followeeCount(u),
    label: (u) => social.originalIds?.[u] ?? String(u),
    city: (u) => social.city[u],
    cities: social.cities,
  }, args);
}

/**
 * The same view from a generated graph's follow arrays, before its CSR arrays exist (the engine
 * serves it while they are built): the counts and the rows of the chosen users in two passes over
 * the follows. Equal to followGraphView of the built graph (graphView.test.ts).
 */
export function edgesGraphView(e: GeneratedEdges, args: GraphViewArgs): GraphView {
  const { users, src, dst } = e;
  const inCount = new Uint32Array(users);
  for (let i = 0; i < dst.length; i++) inCount[dst[i]]++;
  const focus = args.focus !== null && args.focus < users ? args.focus : null;
  const focusOut: number[] = [];
  const focusIn: number[] = [];
  if (focus !== null) {
    for (let i = 0; i < src.length; i++) {
      if (src[i] === focus) focusOut.push(dst[i]);
      else if (dst[i] === focus) focusIn.push(src[i]);
    }
    focusOut.sort((a, b) => a - b);
    focusIn.sort((a, b) => a - b);
  }
  // Which users are chosen depends only on the counts and the focus rows, so one more pass
  // collects every follow between two of them, and the chosen users' followee counts.
  const topIds = topByCount(inCount, args.maxNodes);
  const chosen = new Uint8Array(users);
  for (const u of topIds) chosen[u] = 1;
  if (focus !== null) {
    chosen[focus] = 1;
    for (const v of focusOut) chosen[v] = 1;
    for (const v of focusIn.slice(0, FOCUS_FOLLOWERS_SHOWN)) chosen[v] = 1;
  }
  const outCount = new Map<number, number>();
  const rows = new Map<number, number[]>();
  for (let i = 0; i < src.length; i++) {
    const u = src[i];
    if (!chosen[u]) continue;
    outCount.set(u, (outCount.get(u) ?? 0) + 1);
    if (!chosen[dst[i]]) continue;
    let row = rows.get(u);
    if (!row) rows.set(u, (row = []));
    row.push(dst[i]);
  }
  for (const row of rows.values()) row.sort((a, b) => a - b);
  return assembleView({
    users,
    follows: src.length,
    top: () => topIds,
    followees: (u) => (u === focus ? focusOut : (rows.get(u) ?? [])),
    followers: (u) => (u === focus ? focusIn : []),
    followerCount: (u) => inCount[u],
    followeeCount: (u) => outCount.get(u) ?? 0,
    label: (u) => String(u),
    city: (u) => e.attributes.city[u],
    cities: e.attributes.cities,
  }, args);
}

/**
 * What a view reads of a graph. followees(u) of a chosen user other than the focus need only
 * hold its followees among the chosen users, and followers(u) is asked of the focus only.
 */
interface ViewSource {
  users: number;
  follows: number;
  top(k: number): readonly number[];
  followees(u: number): readonly number[];
  followers(u: number): readonly number[];
  followerCount(u: number): number;
  followeeCount(u: number): number;
  label(u: number): string;
  city(u: number): number;
  cities: number;
}

function assembleView(g: ViewSource, args: GraphViewArgs): GraphView {
  const maxEdges = args.maxEdges ?? Infinity;
  const chosen = new Set<number>(g.top(args.maxNodes));
  if (args.focus !== null && args.focus < g.users) {
    chosen.add(args.focus);
    for (const v of g.followees(args.focus)) chosen.add(v);
    for (const v of g.followers(args.focus).slice(0, FOCUS_FOLLOWERS_SHOWN)) chosen.add(v);
  }
  const nodes = [...chosen].map((id) => ({
    id,
    label: g.label(id),
    followers: g.followerCount(id),
    followees: g.followeeCount(id),
    city: g.city(id),
  }));
  const edges: [number, number][] = [];
  let edgesAmongChosen = 0;
  const addEdge = (u: number, v: number): void => {
    edgesAmongChosen++;
    if (edges.length < maxEdges) edges.push([u, v]);
  };
  const focus = args.focus !== null && chosen.has(args.focus) ? args.focus : null;
  if (focus !== null) {
    for (const v of g.followees(focus)) if (chosen.has(v)) addEdge(focus, v);
    for (const u of g.followers(focus)) if (chosen.has(u)) addEdge(u, focus);
  }
  for (const u of chosen) {
    if (u === focus) continue;
    for (const v of g.followees(u)) if (v !== focus && chosen.has(v)) addEdge(u, v);
  }
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const parts: string[] = [];
  if (chosen.size < g.users) parts.push(`showing ${fmt(chosen.size)} of ${fmt(g.users)} users (top by followers${args.focus !== null ? ` + neighbourhood of ${args.focus}` : ''})`);
  if (edges.length < edgesAmongChosen) parts.push(`${parts.length ? '' : `showing all ${fmt(g.users)} users, `}drawing ${fmt(edges.length)} of their ${fmt(edgesAmongChosen)} follows`);
  return { totalUsers: g.users, totalFollows: g.follows, nodes, edges, sampled: parts.length > 0 ? parts.join('; ') : null, cities: g.cities };
}
