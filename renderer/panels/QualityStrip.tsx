/**
 * The graph model's quality beside the feeds (issue 14; until now only in the CLI): Jaccard@k of
 * the two models' feeds, candidates recalled per read by each path, and the ranker's AUC against
 * its recency-only baseline, from the run's report as of the last pause.
 */
import type { Report } from '../../engine/api.js';
import { fmtSimTime } from '../format.js';
import type { Fetched } from '../store/fetched.js';

interface Props {
  report: Fetched<Report>;
  onRefresh(): void;
}

const PATHS = ['follow', 'interest', 'city', 'topic'] as const;

export function QualityStrip({ report, onRefresh }: Props) {
  const r = report.data;
  const loading = report.status === 'loading';
  let body;
  if (report.error && !r) body = <span className="muted">quality unavailable: {report.error.message}</span>;
  else if (!r) body = <span className="muted">{loading ? 'reading the report…' : 'Pause to measure the graph model\'s quality.'}</span>;
  else {
    const q = r.quality;
    const per = r.recall?.candidatesPerPath;
    body = (
      <>
        <span title={q?.note} data-testid="quality-jaccard">
          Jaccard@{q?.k ?? 'k'} <b>{q?.jaccardAtK != null ? q.jaccardAtK.toFixed(3) : '—'}</b>
        </span>
        <span title="Candidates recalled per read, by path (the limit in brackets)" data-testid="quality-recall">
          recall per read:{' '}
          {PATHS.map((p) => (
            <span key={p} className="q-path">
              {p} <b>{per?.[p]?.perCall != null ? per[p].perCall!.toFixed(1) : '—'}</b>
              <small>/{per?.[p]?.limit ?? '—'}</small>
            </span>
          ))}
        </span>
        <span title={r.ranker ? `${r.ranker.model}; baseline: ${r.ranker.baseline}` : undefined} data-testid="quality-auc">
          ranker AUC <b>{r.ranker ? r.ranker.auc.toFixed(3) : '—'}</b>
          {r.ranker && <small> (baseline {r.ranker.baselineAuc.toFixed(3)})</small>}
        </span>
        <span className="muted">at t = {fmtSimTime(r.run.simulatedMs)}</span>
      </>
    );
  }
  return (
    <div className="quality" data-testid="quality" aria-label="Graph model quality">
      <span className="q-title">Graph model quality</span>
      {body}
      <button type="button" className="small" onClick={onRefresh} disabled={loading} title="Measure again now">
        {loading ? '…' : '↻'}
      </button>
    </div>
  );
}
