/**
 * A string by byte range: 4 KiB at a time from any offset (jump to offset), shown as UTF-8, hex or
 * pretty JSON (when the whole value fits one range), and a download fetched in 64 KiB ranges.
 * No reply ever carries a big value whole.
 */
import { useEffect, useState } from 'react';
import { fmtInt } from '../format.js';
import { STRING_PAGE_BYTES, type KeyBrowserController } from './KeyBrowserController.js';
import { useKb } from './keyBrowserStore.js';
import './inspectors.css';

export function StringRange({ kb, keyName, bytes }: { kb: KeyBrowserController; keyName: string; bytes: number }) {
  const s = useKb(kb.store, (st) => st.string);
  const [mode, setMode] = useState<'text' | 'hex' | 'json'>('text');
  const [jump, setJump] = useState('0');
  useEffect(() => {
    void kb.readString(keyName, 0);
  }, [kb, keyName]);
  const v = s.data?.key === keyName ? s.data : null;
  if (s.error) return <p className="warn" role="alert">{s.error.message}</p>;
  if (!v) return <p className="note"><span className="spinner" aria-hidden /> Reading bytes…</p>;
  const end = v.offset + v.hex.length / 2;
  const go = (offset: number): void => void kb.readString(keyName, Math.max(0, Math.min(offset, Math.max(0, v.bytes - 1))));
  return (
    <section data-testid="string-range">
      <div className="row">
        <button type="button" disabled={v.offset === 0} onClick={() => go(v.offset - STRING_PAGE_BYTES)}>‹ Prev</button>
        <span className="note" data-testid="string-range-label">bytes {fmtInt(v.offset)}–{fmtInt(end)} of {fmtInt(v.bytes)}</span>
        <button type="button" disabled={end >= v.bytes} onClick={() => go(end)}>Next ›</button>
        <form className="row" onSubmit={(e) => { e.preventDefault(); go(Number(jump) || 0); }}>
          <label>jump to byte <input aria-label="Jump to byte" type="number" min={0} max={bytes} value={jump} onChange={(e) => setJump(e.target.value)} /></label>
          <button type="submit">Go</button>
        </form>
        <select aria-label="String view" value={mode} onChange={(e) => setMode(e.target.value as 'text' | 'hex' | 'json')}>
          <option value="text">UTF-8</option>
          <option value="hex">hex</option>
          <option value="json">JSON</option>
        </select>
        <button type="button" onClick={() => void kb.downloadString(keyName, v.bytes)}>Download ({fmtInt(v.bytes)} bytes)</button>
      </div>
      {mode === 'json' && !v.json ? (
        <p className="note">{v.jsonNote}</p>
      ) : (
        <pre className="mono strval" data-testid="string-value">{mode === 'hex' ? v.hex.replace(/(..)/g, '$1 ').trim() : mode === 'json' ? v.json : v.text}</pre>
      )}
    </section>
  );
}
