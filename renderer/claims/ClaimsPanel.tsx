/**
 * The article's claims ledger (issue 6): every numerical claim of the article, our figure on this
 * machine and the verdict with one line of why. Plain data in (getClaims), nothing computed here
 * but the filter.
 */
import { useState } from 'react';
import type { ApiError, ClaimsView, ClaimVerdict } from '../../engine/api.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import { AlternativesTable } from './AlternativesTable.js';
import './claims.css';

export interface ClaimsPanelProps {
  view: ClaimsView | null;
  loading: boolean;
  error: ApiError | null;
  onRefresh?(): void;
}

const VERDICTS: ClaimVerdict[] = ['reproduced', 'refuted', 'not measurable here', 'not measured yet'];
const CLASS: Record<ClaimVerdict, string> = {
  reproduced: 'ok',
  refuted: 'bad',
  'not measurable here': 'na',
  'not measured yet': 'todo',
};

export function ClaimsPanel(p: ClaimsPanelProps) {
  const [only, setOnly] = useState<ClaimVerdict | null>(null);
  const v = p.view;
  const body: PanelBody = p.error
    ? { kind: 'error', error: p.error, hint: 'The ledger reads bench/results; run `npm run bench` to fill it.' }
    : !v
      ? p.loading
        ? { kind: 'loading', text: 'Reading the benchmark results…' }
        : { kind: 'empty', text: 'No ledger yet.' }
      : v.rows.length === 0
        ? { kind: 'empty', text: 'The ledger has no claims.' }
        : { kind: 'ready' };
  const rows = v ? v.rows.filter((r) => only === null || r.verdict === only) : [];
  return (
    <Panel
      title="The article's claims"
      testId="panel-claims"
      body={body}
      extra={
        v && (
          <span className="claims-extra">
            {VERDICTS.map((k) => (
              <button key={k} type="button" className={`chip ${CLASS[k]} ${only === k ? 'on' : ''}`} aria-pressed={only === k} onClick={() => setOnly(only === k ? null : k)}>
                {v.counts[k]} {k}
              </button>
            ))}
            {p.onRefresh && <button type="button" onClick={p.onRefresh}>Refresh</button>}
          </span>
        )
      }
    >
      {v && (
        <div className="claims">
          <p className="note">{v.machine ? `Measured on ${v.machine}.` : 'No benchmark results on this machine yet: run `npm run bench`. Live measurements are shown where they exist.'}</p>
          <table data-testid="claims-table">
            <thead>
              <tr><th>§</th><th>claim</th><th>article</th><th>ours</th><th>verdict</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-claim={r.id} data-verdict={r.verdict}>
                  <td className="sec">{r.section}</td>
                  <td>
                    <div>{r.claim}</div>
                    <div className="quote" lang="zh">「{r.quote}」</div>
                  </td>
                  <td className="num">{r.article}</td>
                  <td className="num">
                    <div>{r.measured ?? '–'}</div>
                    {r.source && <div className="src">{r.source === 'live' ? 'measured live' : `bench ${r.source}${r.measuredAt ? `, ${r.measuredAt.slice(0, 16).replace('T', ' ')}` : ''}`}</div>}
                  </td>
                  <td>
                    <span className={`verdict ${CLASS[r.verdict]}`}>{r.verdict}</span>
                    <div className="why">{r.why}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <AlternativesTable view={v.alternatives} />
        </div>
      )}
    </Panel>
  );
}
