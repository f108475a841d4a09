import { useState, type FormEvent } from 'react';
import type { ProposalView } from '../../engine-client/api-types';
import { draftOf, validateModify, type ModifyChanges, type ModifyDraft } from './modify-validation';
import { escapeToCancel } from './escape-to-cancel';

type ModifyFormProps = {
  readonly proposal: ProposalView;
  readonly busy: boolean;
  /** The engine's refusal of the last attempt, if any. */
  readonly error: string | null;
  readonly onSubmit: (changes: ModifyChanges) => void;
  readonly onCancel: () => void;
};

const FIELDS: readonly { readonly name: keyof ModifyDraft; readonly label: string }[] = [
  { name: 'quantity', label: 'Size' },
  { name: 'price', label: 'Price' },
  { name: 'stop', label: 'Stop' },
  { name: 'target', label: 'Target' },
];

/** Edits size, price, stop and target of a proposal; Enter saves, Escape cancels; problems show under each field. */
export function ModifyForm({ proposal, busy, error, onSubmit, onCancel }: ModifyFormProps) {
  const [draft, setDraft] = useState<ModifyDraft>(() => draftOf(proposal));
  const [problems, setProblems] = useState<Partial<Record<keyof ModifyDraft, string>>>({});
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const result = validateModify(proposal, draft);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems({});
    onSubmit(result.changes);
  };
  const onKeyDown = escapeToCancel(onCancel);
  return (
    <form className="modify-form" data-testid="modify-form" onSubmit={submit} onKeyDown={onKeyDown} onClick={(event) => event.stopPropagation()} noValidate>
      <div className="modify-fields">
        {FIELDS.map(({ name, label }) => (
          <label key={name} className="modify-field">
            <span>{label}</span>
            <input
              className="input mono"
              data-testid={`modify-${name}`}
              inputMode="decimal"
              value={draft[name]}
              disabled={name === 'price' && proposal.orderType === 'market'}
              aria-invalid={problems[name] ? true : undefined}
              // The first field takes focus, so M then typing edits the size at once.
              autoFocus={name === 'quantity'}
              onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
            />
            {problems[name] && <span className="modify-problem" role="alert">{problems[name]}</span>}
          </label>
        ))}
      </div>
      {error && (
        <p className="alert modify-error" role="alert">
          {error}
        </p>
      )}
      <div className="proposal-actions">
        <button type="submit" className="button button-primary" data-testid="modify-save" disabled={busy}>
          Save changes
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
