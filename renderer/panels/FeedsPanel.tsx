/** The selected user's feeds side by side (Timeline | Graph), paged by offset or by cursor. */
import type { ReactNode } from 'react';
import type { FeedItemView, FeedPage, Status } from '../../engine/api.js';
import { feedKeyLink } from '../inspectors/feedKeyLink.js';
import { fmtAge, fmtMs } from '../format.js';
import { FEED_TOP, type FeedAt, type Fetched } from '../store/fetched.js';
import type { ModelName, PagingMode } from '../store/state.js';
import { Panel, type PanelBody } from './Panel.js';

interface Props {
  status: Status | null;
  selected: number | null;
  feeds: Record<ModelName, Fetched<FeedAt>>;
  paging: PagingMode;
  pageSize: number;
  onPaging(mode: PagingMode): void;
  onPageSize(size: number): void;
  onNext(model: ModelName): void;
  onPrev(model: ModelName): void;
  /** Opens a feed's Redis key (a timeline ZSET) in the skiplist view. */
  onOpenKey?(key: string): void;
  /** Opens any key (an outbox LIST of a pull or hybrid feed) in the key browser. */
  onBrowseKey?(key: string): void;
  maximise?: { on: boolean; key: string; toggle(): void };
  /** Under the columns: the graph model's quality (QualityStrip). */
  footer?: ReactNode;
}

const PAGE_SIZES = [2, 5, 10, 20, 50];
const TITLES: Record<ModelName, string> = { timeline: 'Timeline (Redis ZSET fan-out)', graph: 'Graph (recall + rank)' };

function Item({ item }: { item: FeedItemView }) {
  return (
    <li className={item.outOfOrder ? 'out-of-order' : undefined} data-testid="feed-item">
      <span className="author">user {item.author}</span>
      <span className="post">post #{item.postId}</span>
      <span className="age">{fmtAge(item.ageMs)}</span>
      <span className="score" title="score">
        {Number.isInteger(item.score) ? item.score : item.score.toFixed(3)}
      </span>
      {item.paths && item.paths.length > 0 && <span className="paths">via {item.paths.join(', ')}</span>}
      {item.outOfOrder && <span className="badge">out of order</span>}
    </li>
  );
}

/** The Timeline column's key: a link to the ZSET it was read from, if any (feedKeyLink). */
function TimelineKey({ page, onOpenKey, onBrowseKey }: { page: FeedPage; onOpenKey?(key: string): void; onBrowseKey?(key: string): void }) {
  const l = feedKeyLink(page);
  const zset = l.zset;
  return (
    <span data-testid="feed-key">
      {zset && onOpenKey ? (
        <button type="button" className="linkish" title="Open this ZSET in the skiplist view (levels, search path, memory)" onClick={() => onOpenKey(zset)}>
          {zset}
        </button>
      ) : (
        zset
      )}
      {l.text && <span>{zset ? ' ' : ''}{l.text}</span>}
      {l.outboxes.length > 0 && (
        <span title="The outbox LISTs this page's pulled posts came from">
          {': '}
          {l.outboxes.map((k, i) => (
            <span key={k}>
              {i > 0 && ', '}
              {onBrowseKey ? <button type="button" className="linkish" title={`Open ${k} in the Keys tab`} onClick={() => onBrowseKey(k)}>{k}</button> : k}
            </span>
          ))}
        </span>
      )}
    </span>
  );
}

function Column({ model, col: f, inScenario, playing, paging, pageSize, onNext, onPrev, onOpenKey, onBrowseKey }: { model: ModelName; col: Fetched<FeedAt>; inScenario: boolean; playing: boolean; paging: PagingMode; pageSize: number; onNext(): void; onPrev(): void; onOpenKey?(key: string): void; onBrowseKey?(key: string): void }) {
  const col = { ...(f.data ?? FEED_TOP), loading: f.status === 'loading', error: f.error };
  let content;
  if (!inScenario) content = <p className="panel-note">This scenario does not run the {model} model.</p>;
  else if (col.error) content = <div className="panel-error" role="alert"><strong>{col.error.code}</strong><p>{col.error.message}</p></div>;
  else if (!col.page) content = <p className="panel-note"><span className="spinner" aria-hidden /> Loading…</p>;
  else if (col.page.items.length === 0) content = <p className="panel-note">{col.offset > 0 || col.cursors.length > 1 ? 'No more items: this is past the end of the feed.' : `This feed is empty: nobody this user follows has posted yet.${playing ? ' It fills as they post.' : ' Press play.'}`}</p>;
  else content = <ol className="feed-items">{col.page.items.map((it) => <Item key={it.postId} item={it} />)}</ol>;
  const pageNo = paging === 'offset' ? Math.floor(col.offset / pageSize) + 1 : col.cursors.length;
  const atStart = paging === 'offset' ? col.offset === 0 : col.cursors.length === 1;
  const atEnd = !col.page || (paging === 'offset' ? col.page.items.length < pageSize : col.page.nextCursor === null);
  return (
    <div className="feed-column" data-testid={`feed-${model}`} data-state={!inScenario ? 'empty' : col.error ? 'error' : col.loading || !col.page ? 'loading' : 'ready'}>
      <h3>
        {TITLES[model]}
        {col.page && (
          <small>
            {' · '}
            {model === 'timeline' ? <TimelineKey page={col.page} onOpenKey={onOpenKey} onBrowseKey={onBrowseKey} /> : col.page.key}
            {' · '}
            {fmtMs(col.page.latencyMs)}
          </small>
        )}
      </h3>
      {content}
      {inScenario && (
        <div className="pager">
          <button type="button" onClick={onPrev} disabled={atStart || col.loading}>‹ Prev</button>
          <span>
            page {pageNo}
            {paging === 'cursor' && col.cursors.length > 1 ? ` (below score ${col.cursors[col.cursors.length - 1]})` : paging === 'offset' ? ` (offset ${col.offset})` : ''}
          </span>
          <button type="button" onClick={onNext} disabled={atEnd || col.loading}>Next ›</button>
        </div>
      )}
    </div>
  );
}

function body(status: Status | null, selected: number | null): PanelBody {
  if (status?.state === 'error' && status.error && !status.scenario) return { kind: 'error', error: status.error, hint: 'Fix what the message names, then load the scenario again.' };
  if (status?.state === 'loading') return { kind: 'loading', text: 'Loading the scenario…' };
  if (!status?.scenario) return { kind: 'empty', text: 'Load a scenario, then click a user in the graph to see its feeds.' };
  if (selected === null) return { kind: 'empty', text: 'Click a user in the follow graph to see its Timeline and Graph feeds side by side.' };
  return { kind: 'ready' };
}

export function FeedsPanel({ status, selected, feeds, paging, pageSize, onPaging, onPageSize, onNext, onPrev, onOpenKey, onBrowseKey, maximise, footer }: Props) {
  const models = status?.scenario?.models ?? [];
  const extra = (
    <span className="paging" role="radiogroup" aria-label="Paging">
      {selected !== null && <span data-testid="feeds-user">user #{selected} · </span>}
      page by
      {(['offset', 'cursor'] as const).map((m) => (
        <label key={m}>
          <input type="radio" name="paging" checked={paging === m} onChange={() => onPaging(m)} /> {m}
        </label>
      ))}
      <select aria-label="Page size" value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
        {PAGE_SIZES.map((n) => (
          <option key={n} value={n}>
            {n} / page
          </option>
        ))}
      </select>
    </span>
  );
  return (
    <Panel title="Feeds" testId="panel-feeds" body={body(status, selected)} className="panel-feeds" extra={extra} maximise={maximise}>
      <div className="feed-columns">
        {(['timeline', 'graph'] as const).map((m) => (
          <Column key={m} model={m} col={feeds[m]} inScenario={models.includes(m)} playing={status?.state === 'playing'} paging={paging} pageSize={pageSize} onNext={() => onNext(m)} onPrev={() => onPrev(m)} onOpenKey={onOpenKey} onBrowseKey={onBrowseKey} />
        ))}
      </div>
      {footer}
    </Panel>
  );
}
