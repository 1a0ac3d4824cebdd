/**
 * The question before every write of the key browser: what it does, to which key, on which
 * server. A delete on a server other than the scenario's also offers to copy the value first
 * (DUMP to a file that RESTORE reads back).
 */
import type { ApiError } from '../../engine/api.js';
import type { PendingWrite } from './keyBrowserStore.js';
import './inspectors.css';

function what(w: PendingWrite): string {
  switch (w.kind) {
    case 'delete':
      return `Delete (UNLINK) the key "${w.key}"`;
    case 'ttl':
      return w.ttlMs === null ? `Remove the TTL of "${w.key}" (PERSIST): it will never expire` : `Set the TTL of "${w.key}" to ${Math.round(w.ttlMs / 1000)} s (PEXPIRE)`;
    case 'rename':
      return `Rename "${w.key}" to "${w.to}" (RENAMENX: never overwrites)`;
    case 'stream':
      return w.args.action === 'ack'
        ? `XACK ${w.args.ids?.length ?? 0} pending entries of group "${w.args.group}" in "${w.key}"`
        : w.args.action === 'claim'
          ? `XCLAIM ${w.args.ids?.length ?? 0} entries of group "${w.args.group}" for consumer "${w.args.consumer}" in "${w.key}"`
          : `XAUTOCLAIM entries idle at least ${w.args.minIdleMs ?? 0} ms of group "${w.args.group}" for "${w.args.consumer}" in "${w.key}"`;
  }
}

export function ConfirmWrite({ write, error, onYes, onNo }: { write: PendingWrite; error: ApiError | null; onYes(copyFirst: boolean): void; onNo(): void }) {
  return (
    <div className="confirm" role="alertdialog" aria-label="Confirm the write" data-testid="confirm-write">
      <p>
        <strong>{what(write)}</strong> on <strong className="mono">{write.server}</strong>?
      </p>
      <p className="note">This changes data on that server; the key browser cannot undo it.</p>
      <div className="row">
        {write.kind === 'delete' && write.foreign && (
          <button type="button" onClick={() => onYes(true)}>Copy the value first, then delete</button>
        )}
        <button type="button" className="danger" onClick={() => onYes(false)}>{write.kind === 'delete' ? 'Delete' : 'Yes, do it'}</button>
        <button type="button" onClick={onNo}>Cancel</button>
      </div>
      {error && <p className="warn" role="alert">{error.message}</p>}
    </div>
  );
}
