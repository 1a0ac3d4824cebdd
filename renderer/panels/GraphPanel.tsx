/** The follow graph panel: what is shown (all users, or a sample said in words), legend (city or, on a cluster, shard), selection. */
import { useRef, useState, type FormEvent } from 'react';
import { downloadDataUrl } from '../api/download.js';
import type { Frame, GraphView, Status } from '../../engine/api.js';
import { cityName, colour, fmtInt } from '../format.js';
import { FollowGraphView, type ColourBy } from '../graph/FollowGraphView.js';
import type { Fetched } from '../store/fetched.js';
import { Panel, type PanelBody } from './Panel.js';

interface Props {
  status: Status | null;
  graph: Fetched<GraphView>;
  selected: number | null;
  pulses: { seq: number; posts: Frame['posts'] };
  /** Graph model: authors recalled into the selected user's feed page, with their paths. */
  recalled: { author: number; paths: string[] }[];
  onSelect(user: number): void;
  projector?: boolean;
  maximise?: { on: boolean; key: string; toggle(): void };
}

function body(status: Status | null, graph: Fetched<GraphView>): PanelBody {
  if (graph.error) return { kind: 'error', error: graph.error, hint: 'Reload the scenario; if it persists, the engine log in the terminal has details.' };
  if (status?.state === 'error' && status.error && !graph.data) return { kind: 'error', error: status.error, hint: 'Fix what the message names, then load the scenario again.' };
  // The engine serves the follow graph before the rest is loaded: draw it as soon as it is here.
  if (status?.state === 'loading') return graph.data ? { kind: 'ready' } : { kind: 'loading', text: `Loading the scenario (${status.loading?.stage ?? 'starting'})…` };
  if (!status?.scenario) return { kind: 'empty', text: 'No scenario loaded. Pick one in the toolbar (try "Tiny demo") or open a scenario file.' };
  if (!graph.data) return { kind: 'loading', text: 'Fetching the follow graph…' };
  return { kind: 'ready' };
}

/** The user as Go to takes it (#id), with the dataset's own id when an imported graph renumbered it. */
function userName(n: GraphView['nodes'][number]): string {
  return n.label === String(n.id) ? `User #${n.id}` : `User #${n.id} (id ${n.label} in the dataset)`;
}

export function GraphPanel({ status, graph, selected, pulses, recalled, onSelect, projector, maximise }: Props) {
  const view = graph.data;
  const shown = view ? view.sampled ?? `showing all ${fmtInt(view.totalUsers)} users · ${fmtInt(view.totalFollows)} follows` : null;
  const node = view?.nodes.find((n) => n.id === selected);
  const [goTo, setGoTo] = useState('');
  const png = useRef<(() => string) | null>(null);
  const [colourChoice, setColourChoice] = useState<ColourBy>('city');
  // Shards exist on a cluster run only; a one-server run after a cluster one goes back to cities.
  const shards = view?.shards;
  const colourBy: ColourBy = shards ? colourChoice : 'city';
  const go = (e: FormEvent) => {
    e.preventDefault();
    const id = Number(goTo);
    if (view && Number.isInteger(id) && id >= 0 && id < view.totalUsers) onSelect(id);
  };
  const goToValid = goTo === '' || (view !== null && /^\d+$/.test(goTo) && Number(goTo) < view.totalUsers);
  return (
    <Panel
      title="Follow graph"
      testId="panel-graph"
      body={body(status, graph)}
      className="panel-graph"
      maximise={maximise}
      extra={
        <>
          {shown && <span data-testid="graph-shown">{shown}</span>}
          {view && (
            <button type="button" className="small" title="Download the graph as drawn (graph.png)" onClick={() => png.current && downloadDataUrl('follow-graph.png', png.current())}>
              PNG
            </button>
          )}
          {view && status?.state === 'loading' && (
            <span className="graph-loading-rest" role="status" data-testid="graph-loading-rest">
              <span className="spinner" aria-hidden /> loading the rest…
            </span>
          )}
        </>
      }
    >
      {view && (
        <>
          <FollowGraphView view={view} selected={selected} pulses={pulses} recalled={recalled} colourBy={colourBy} onSelect={onSelect} projector={projector} pngRef={png} />
          <div className="graph-legend">
            {shards ? (
              <label>
                size = followers · colour ={' '}
                <select aria-label="Colour users by" title="shard: the cluster master that holds the user's timeline" value={colourBy} onChange={(e) => setColourChoice(e.target.value === 'shard' ? 'shard' : 'city')}>
                  <option value="city">city</option>
                  <option value="shard">shard</option>
                </select>
              </label>
            ) : (
              <span>size = followers · colour = city ·</span>
            )}
            {Array.from({ length: Math.min(colourBy === 'shard' ? (shards ?? 0) : view.cities, 12) }, (_, c) => (
              <span key={c} className="swatch">
                <i style={{ background: colour(c) }} />
                {colourBy === 'shard' ? `master ${c}` : cityName(c)}
              </span>
            ))}
            <span>· yellow = a post fanning out{recalled.length > 0 ? ' · green = recalled by the graph model' : ''}</span>
          </div>
          <form className="graph-goto" onSubmit={go}>
            <label>
              Go to user #
              <input
                type="text"
                inputMode="numeric"
                aria-label="Go to user"
                aria-invalid={!goToValid}
                title={goToValid ? 'Any user id, also one not drawn' : `Users are numbered 0 to ${(view.totalUsers - 1).toLocaleString('en-US')}`}
                value={goTo}
                onChange={(e) => setGoTo(e.target.value.trim())}
              />
            </label>
            <button type="submit" disabled={!goToValid || goTo === ''}>Show</button>
          </form>
          <div className="graph-selection" data-testid="graph-selection">
            {node
              ? `${userName(node)}, ${cityName(node.city)}: ${fmtInt(node.followers)} followers, follows ${fmtInt(node.followees)} (blue)${recalled.length > 0 ? `; its graph feed recalled posts of ${fmtInt(new Set(recalled.map((r) => r.author)).size)} authors (green)` : ''}`
              : selected !== null
                ? `User #${selected} (not in the drawn sample)`
                : 'Click a user to see its feeds.'}
          </div>
        </>
      )}
    </Panel>
  );
}
