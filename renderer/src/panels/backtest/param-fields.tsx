import type { ParameterSpec } from '../../engine-client/api-types';

type ParamFieldsProps = {
  readonly parameters: readonly ParameterSpec[];
  readonly values: Readonly<Record<string, string>>;
  readonly onChange: (values: Record<string, string>) => void;
  readonly idPrefix: string;
};

/** A strategy's parameters as inputs, from its ParameterSpecs: the same fields as the signals panel's attach form. */
export function ParamFields({ parameters, values, onChange, idPrefix }: ParamFieldsProps) {
  if (parameters.length === 0) return <p className="bt-hint">This strategy has no parameters.</p>;
  return (
    <div className="param-grid bt-param-grid">
      {parameters.map((spec) => {
        const id = `${idPrefix}-${spec.name}`;
        const set = (value: string) => onChange({ ...values, [spec.name]: value });
        const hint = spec.kind === 'number' || spec.kind === 'integer' ? `${spec.description} (${spec.min} to ${spec.max})` : spec.description;
        return (
          <label key={spec.name} className="param-field" title={hint} htmlFor={id}>
            <span className="param-name">{spec.name}</span>
            {spec.kind === 'boolean' ? (
              <input id={id} type="checkbox" checked={values[spec.name] === 'true'} onChange={(e) => set(String(e.target.checked))} data-testid={id} />
            ) : spec.kind === 'choice' ? (
              <select id={id} className="input" value={values[spec.name] ?? ''} onChange={(e) => set(e.target.value)} data-testid={id}>
                {spec.choices.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            ) : (
              <input id={id} className="input" inputMode="decimal" value={values[spec.name] ?? ''} onChange={(e) => set(e.target.value)} data-testid={id} />
            )}
          </label>
        );
      })}
    </div>
  );
}
