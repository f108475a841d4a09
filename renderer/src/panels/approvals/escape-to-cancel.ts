import type { KeyboardEvent } from 'react';

/**
 * The key handler of a form inside a proposal card: Escape cancels it and goes no further, so the
 * panel's own Escape (leaving the queue's focus) does not fire as well.
 */
export function escapeToCancel(onCancel: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  };
}
