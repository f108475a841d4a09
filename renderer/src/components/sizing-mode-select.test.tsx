// @vitest-environment happy-dom
import { act, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { SIZING_CHOICES } from '../panels/backtest/backtest-form';
import { SIZING_MODES } from '../panels/settings/sizing-form';
import { renderWithEngine } from '../panels/trading/panel-test-harness';
import { SizingModeSelect } from './sizing-mode-select';

type Mode = (typeof SIZING_CHOICES)[number]['mode'];

/** The picker as a form holds it: the chosen mode in state, and every change seen. */
function Picker({ modes, seen }: { readonly modes: readonly { readonly mode: Mode; readonly label: string }[]; readonly seen: Mode[] }) {
  const [mode, setMode] = useState<Mode>(modes[0]!.mode);
  return (
    <SizingModeSelect
      modes={modes}
      value={mode}
      testId="picker"
      onChange={(next) => {
        seen.push(next);
        setMode(next);
      }}
    />
  );
}

describe('SizingModeSelect', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => view.unmount());

  const choose = (value: string): void => {
    const select = view.host.querySelector('[data-testid="picker"]') as HTMLSelectElement;
    act(() => {
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
  };

  it.each([
    ['the backtest lab', SIZING_CHOICES],
    ['the live sizing settings', SIZING_MODES],
  ])('lists the modes of %s in their order and words, and hands back the chosen mode', (_where, modes) => {
    const seen: Mode[] = [];
    view = renderWithEngine(<Picker modes={modes} seen={seen} />);
    const options = [...view.host.querySelectorAll('option')].map((o) => [o.value, o.textContent]);
    expect(options).toEqual(modes.map((m) => [m.mode, m.label]));
    choose('kelly');
    expect(seen).toEqual(['kelly']);
    expect((view.host.querySelector('[data-testid="picker"]') as HTMLSelectElement).value).toBe('kelly');
  });

  it('ignores a value that is not one of its modes', () => {
    const seen: Mode[] = [];
    view = renderWithEngine(<Picker modes={SIZING_CHOICES.slice(0, 2)} seen={seen} />);
    choose('kelly');
    expect(seen).toEqual([]);
  });
});
