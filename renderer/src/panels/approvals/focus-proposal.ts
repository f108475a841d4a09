/**
 * Asks the Approvals panel to bring one proposal to the trader (an alert clicked elsewhere in the window).
 * A window event rather than shared state: the asker needs no store of the panel's, and a panel that is
 * not mounted simply does not answer.
 */
const FOCUS_EVENT = 'stratus:focus-proposal';

export function focusProposal(proposalId: string): void {
  window.dispatchEvent(new CustomEvent<string>(FOCUS_EVENT, { detail: proposalId }));
}

export function onFocusProposal(listener: (proposalId: string) => void): () => void {
  const handle = (event: Event): void => {
    if (event instanceof CustomEvent && typeof event.detail === 'string') listener(event.detail);
  };
  window.addEventListener(FOCUS_EVENT, handle);
  return () => window.removeEventListener(FOCUS_EVENT, handle);
}
