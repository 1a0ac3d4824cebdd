/**
 * What the follow-graph panel draws: the most followed users plus the neighbourhood of the
 * selected one, the follows among them (those touching the selected user first, then up to
 * `maxEdges`), and a sentence saying what was left out, so a sampled view never passes for the
 * whole graph.
 */
import type { CommandArgs, GraphView } from '../api.js';
import type { SocialGraph } from '../scenario/graph.js';
import type { FollowGraph } from './FollowGraph.js';

/** Followers of the selected user added to the view, at most. */
const FOCUS_FOLLOWERS_SHOWN = 200;

export type GraphViewArgs = Omit<CommandArgs<'getGraph'>, 'maxEdges'> & { maxEdges?: number };

export function followGraphView(g: FollowGraph, social: SocialGraph, args: GraphViewArgs): GraphView {
  const maxEdges = args.maxEdges ?? Infinity;
  const chosen = new Set<number>(g.topByFollowers(args.maxNodes));
  if (args.focus !== null && args.focus < g.users) {
    chosen.add(args.focus);
    for (const v of g.followees(args.focus)) chosen.add(v);
    for (const v of g.followers(args.focus).slice(0, FOCUS_FOLLOWERS_SHOWN)) chosen.add(v);
  }
  const nodes = [...chosen].map((id) => ({
    id,
    label: social.originalIds?.[id] ?? String(id),
    followers: g.followerCount(id),
    followees: g.followeeCount(id),
    city: social.city[id],
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
  return { totalUsers: g.users, totalFollows: g.edges, nodes, edges, sampled: parts.length > 0 ? parts.join('; ') : null, cities: social.cities };
}
