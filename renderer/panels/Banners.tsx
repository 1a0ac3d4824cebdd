/** Errors as readable banners: what went wrong (the engine's message names the fix) and what to do. */
import type { Status } from '../../engine/api.js';
import type { Banner } from '../store/state.js';

/** Extra advice by error code, for errors whose message alone does not say what to do next. */
const NEXT_STEP: Record<string, string> = {
  SCENARIO_INVALID: 'Fix the file at the place named above and open it again; the previous scenario is still loaded.',
  BAD_PAYLOAD: 'This is a bug in Feedscope, not in your input: please report it with the message above.',
  INTERNAL: 'This is a bug in Feedscope: please report it with the message above. Reset or reload the scenario to continue.',
  CONNECTION_LOST: 'Nothing was lost on disk: restart `npm start` and open the URL it prints.',
  NOT_JSON: 'The previous scenario is still loaded.',
};

interface Props {
  banners: Banner[];
  loading: Status['loading'];
  onDismiss(id: number): void;
}

export function Banners({ banners, loading, onDismiss }: Props) {
  return (
    <div className="banners">
      {loading && (
        <div className="loading-bar" role="progressbar" aria-label={`Loading: ${loading.stage}`} aria-valuenow={loading.done} aria-valuemax={loading.total}>
          <span>
            Loading — {loading.stage} ({loading.done.toLocaleString('en-US')} / {loading.total.toLocaleString('en-US')})
          </span>
          <div className="bar">
            <div style={{ width: `${loading.total > 0 ? Math.round((100 * loading.done) / loading.total) : 0}%` }} />
          </div>
        </div>
      )}
      {/* One banner at a time, the latest: a stack of them would push the panels off the window. */}
      {banners.slice(-1).map((b) => (
        <div key={b.id} className="banner" role="alert" data-testid="error-banner">
          <div className="banner-text">
            <strong>{b.code}</strong>
            {banners.length > 1 && (
              <span className="banner-count" data-testid="banner-count">
                {' '}
                (latest of {banners.length}: dismiss it to see the one before)
              </span>
            )}
            <pre>{b.message}</pre>
            {NEXT_STEP[b.code] && <p className="hint">{NEXT_STEP[b.code]}</p>}
          </div>
          {banners.length > 1 && (
            <button type="button" className="dismiss-all" onClick={() => banners.forEach((x) => onDismiss(x.id))}>
              Dismiss all
            </button>
          )}
          <button type="button" aria-label="Dismiss" onClick={() => onDismiss(b.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
