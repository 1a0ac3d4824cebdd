/** The help overlay (`?`: every shortcut, from keyboard.ts's one list) and the question before a big scenario's reset. */
import { KEYS } from '../keyboard.js';

export function HelpOverlay({ onClose }: { onClose(): void }) {
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="help-overlay" onClick={onClose}>
      <div className="overlay-box" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <p className="panel-note">They work wherever focus is, except while typing in a text field.</p>
        <table className="keys">
          <tbody>
            {KEYS.map((k) => (
              <tr key={k.label}>
                <td>
                  <kbd>{k.label}</kbd>
                </td>
                <td>{k.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose}>
          Close (Esc)
        </button>
      </div>
    </div>
  );
}

export function ConfirmReset({ name, users, onYes, onNo }: { name: string; users: number; onYes(): void; onNo(): void }) {
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-label="Reset the scenario?" data-testid="confirm-reset">
      <div className="overlay-box">
        <h2>Reset {name}?</h2>
        <p>
          Its {users.toLocaleString('en-US')} users' feeds are emptied and it starts again at t = 0; what was played is gone.
        </p>
        <div className="overlay-actions">
          <button type="button" className="primary" onClick={onYes}>
            Reset (Enter)
          </button>
          <button type="button" onClick={onNo}>
            Cancel (Esc)
          </button>
        </div>
      </div>
    </div>
  );
}
