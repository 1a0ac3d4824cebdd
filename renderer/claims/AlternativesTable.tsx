/**
 * Article 4.3's table beside ours (bench/results/alternatives.json, `npm run bench -- alternatives`):
 * one feed's pages from a Redis ZSET, an in-process B+tree, LevelDB and LadybugDB. Plain data in.
 */
import type { AlternativesTableView } from '../../engine/api.js';

const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const ms = (x: number): string => (x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));
const times = (x: number | null): string => (x === null ? '' : `${x < 0.01 ? x.toFixed(4) : x.toFixed(2)}x`);

export function AlternativesTable({ view }: { view: AlternativesTableView | null }) {
  if (!view) {
    return (
      <section className="alternatives" data-testid="alternatives">
        <h3>4.3 Alternatives to the ZSET, measured</h3>
        <p className="note">Not measured on this machine yet: run <code>npm run bench -- alternatives</code> (about a minute) and press Refresh.</p>
      </section>
    );
  }
  return (
    <section className="alternatives" data-testid="alternatives">
      <h3>4.3 Alternatives to the ZSET, measured</h3>
      <p className="note">
        One user&apos;s feed, pages of {view.pageSize}, one read in flight; measured {view.measuredAt.slice(0, 16).replace('T', ' ')} on {view.machine}. Beside the article&apos;s range-scan QPS
        (范围扫描吞吐): the B+tree stands for Go&apos;s SortedMap, LevelDB for BadgerDB (both embedded LSM stores).
      </p>
      <table data-testid="alternatives-table">
        <thead>
          <tr>
            <th>store</th><th>entries</th><th>load ms</th><th>bytes / entry</th><th>newest page QPS</th><th>vs ZSET</th><th>article</th><th>vs article</th>
            {view.offsets.map((o) => <th key={o}>p50 / p99 ms @{int(o)}</th>)}
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r) => (
            <tr key={`${r.store}-${r.entries ?? 'x'}`} data-store={r.store}>
              <td>
                <div>{r.label}</div>
                <div className="src">{r.version}</div>
              </td>
              {r.error !== null ? (
                <td colSpan={7 + view.offsets.length} className="why">not measurable here: {r.error}</td>
              ) : (
                <>
                  <td className="num">{int(r.entries ?? 0)}</td>
                  <td className="num">{int(r.loadMs ?? 0)}</td>
                  <td className="num">{(r.bytesPerEntry ?? 0).toFixed(1)} <span className="src">({r.memoryKind})</span></td>
                  <td className="num">{int(r.newestPageQps ?? 0)}</td>
                  <td className="num">{times(r.vsZset)}</td>
                  <td>{r.article ?? ''}</td>
                  <td className="num">{times(r.vsArticle)}</td>
                  {r.pages.map((p, i) => <td key={view.offsets[i]} className="num">{p ? `${ms(p.p50Ms)} / ${ms(p.p99Ms)}` : '–'}</td>)}
                </>
              )}
            </tr>
          ))}
          {view.notMeasurable.map((n) => (
            <tr key={n.article} data-store="not-measurable">
              <td>–</td>
              <td colSpan={5} className="why">not measurable here: {n.why}</td>
              <td>{n.article}</td>
              <td colSpan={1 + view.offsets.length} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
