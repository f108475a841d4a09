import { useState, type FormEvent } from 'react';
import { useCan } from '../../app/access';
import type { EngineClient } from '../../engine-client/engine-client';

const KINDS = ['exchange', 'treasury', 'fund', 'other'] as const;
type Kind = (typeof KINDS)[number];

/** Adds the trader's own label for an address; new transfers from or to it carry the label. */
export function LabelForm({ client }: { readonly client: EngineClient }) {
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [entity, setEntity] = useState('');
  const [kind, setKind] = useState<Kind>('exchange');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const addLabel = useCan('onchain.addLabel');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      const added = await client.call('onchain.addLabel', { address: address.trim(), chain: '*', name: name.trim(), entity: entity.trim() || name.trim(), kind });
      setMessage({ ok: true, text: `Labelled ${added.name}` });
      setAddress('');
      setName('');
      setEntity('');
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  return (
    <details className="label-form">
      <summary>Label an address</summary>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="label-fields" disabled={!addLabel.allowed} data-testid="label-fields">
          <input aria-label="Address" placeholder="0x…" value={address} onChange={(e) => setAddress(e.target.value)} required />
          <input aria-label="Wallet name" placeholder="Wallet name" value={name} onChange={(e) => setName(e.target.value)} required />
          <input aria-label="Owner" placeholder="Owner (e.g. Binance)" value={entity} onChange={(e) => setEntity(e.target.value)} />
          <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <button type="submit" title={addLabel.hint}>
            Add label
          </button>
        </fieldset>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'label-ok' : 'label-error'}>
            {message.text}
          </p>
        )}
      </form>
    </details>
  );
}
