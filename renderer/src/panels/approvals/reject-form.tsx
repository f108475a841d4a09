import { useState } from 'react';
import { escapeToCancel } from './escape-to-cancel';

/** A reason for the audit, then Enter rejects; Escape goes back without rejecting. */
export function RejectForm({ busy, onReject, onCancel }: { readonly busy: boolean; readonly onReject: (reason: string) => void; readonly onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const onKeyDown = escapeToCancel(onCancel);
  return (
    <form
      className="reject-form"
      data-testid="reject-form"
      onKeyDown={onKeyDown}
      onClick={(event) => event.stopPropagation()}
      onSubmit={(event) => {
        event.preventDefault();
        onReject(reason.trim());
      }}
    >
      <input
        className="input"
        data-testid="reject-reason"
        placeholder="Why? (kept in the audit)"
        maxLength={500}
        value={reason}
        // Shift+R then typing the reason: the field takes the keyboard at once.
        autoFocus
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button decision-reject" data-testid="reject-with-reason" disabled={busy}>
        Reject
      </button>
      <button type="button" className="button button-quiet" onClick={onCancel}>
        Cancel <kbd>Esc</kbd>
      </button>
    </form>
  );
}
