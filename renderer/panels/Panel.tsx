/** The frame of every panel, with its empty, loading and error states. */
import type { ReactNode } from 'react';
import type { ApiError } from '../../engine/api.js';

export type PanelBody = { kind: 'ready' } | { kind: 'empty'; text: string } | { kind: 'loading'; text: string } | { kind: 'error'; error: ApiError; hint?: string };

interface Props {
  title: string;
  testId: string;
  /** Shown at the right of the title (counts, controls). */
  extra?: ReactNode;
  body: PanelBody;
  className?: string;
  children?: ReactNode;
  /** A maximise / restore button in the header (the key that does the same, for its title). */
  maximise?: { on: boolean; key: string; toggle(): void };
}

export function Panel({ title, testId, extra, body, className, children, maximise }: Props) {
  return (
    <section className={`panel ${className ?? ''}`} data-testid={testId} data-state={body.kind}>
      <header className="panel-head">
        <h2>{title}</h2>
        <div className="panel-extra">{extra}</div>
        {maximise && (
          <button type="button" className="maximise" aria-pressed={maximise.on} title={`Maximise this panel (${maximise.key}); again or Esc to restore`} aria-label={`${maximise.on ? 'Restore' : 'Maximise'} ${title}`} onClick={maximise.toggle}>
            {maximise.on ? '⤡' : '⤢'}
          </button>
        )}
      </header>
      <div className="panel-body">
        {body.kind === 'ready' && children}
        {body.kind === 'empty' && <p className="panel-note">{body.text}</p>}
        {body.kind === 'loading' && (
          <p className="panel-note" role="status">
            <span className="spinner" aria-hidden /> {body.text}
          </p>
        )}
        {body.kind === 'error' && (
          <div className="panel-error" role="alert">
            <strong>{body.error.code}</strong>
            <p>{body.error.message}</p>
            {body.hint && <p className="hint">{body.hint}</p>}
          </div>
        )}
      </div>
    </section>
  );
}
