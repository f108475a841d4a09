/** What a key press asks the approvals queue to do. */
export type ApprovalKeyAction = 'approve' | 'reject' | 'reject-with-reason' | 'modify' | 'snooze' | 'next' | 'previous';

export type KeyPress = {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly repeat: boolean;
  /** Tag name of the element the key went to (upper case, as the DOM gives it). */
  readonly targetTag: string;
  readonly targetEditable: boolean;
};

/** Elements whose own handling of keys wins: typing, choosing and pressing focused buttons. */
const INTERACTIVE = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A']);

/**
 * The queue's keyboard map: A or Enter approves the selected proposal, R or Escape rejects it (Shift+R
 * asks for a reason first, for the audit), M opens
 * the modify form, S snoozes, J / K and the arrow keys move the selection. A held key (auto-repeat) never
 * decides, so one long press cannot approve a run of orders, and keys typed into a field or pressed on a
 * focused button keep their usual meaning (Enter on the Reject button rejects, it does not approve).
 */
export function approvalKeyAction(press: KeyPress): ApprovalKeyAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.targetEditable || INTERACTIVE.has(press.targetTag)) return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  let action: ApprovalKeyAction | null = null;
  if (key === 'a' || key === 'Enter') action = 'approve';
  else if (key === 'r' && press.shiftKey) action = 'reject-with-reason';
  else if (key === 'r' || key === 'Escape') action = 'reject';
  else if (key === 'm') action = 'modify';
  else if (key === 's') action = 'snooze';
  else if (key === 'j' || key === 'ArrowDown') action = 'next';
  else if (key === 'k' || key === 'ArrowUp') action = 'previous';
  if (action === null) return null;
  if (press.repeat && action !== 'next' && action !== 'previous') return null;
  return action;
}

/** Reads a DOM keyboard event into a KeyPress. */
export function keyPressOf(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean; repeat: boolean; target: EventTarget | null }): KeyPress {
  const target = event.target as { tagName?: unknown; isContentEditable?: unknown } | null;
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    shiftKey: event.shiftKey,
    repeat: event.repeat,
    targetTag: typeof target?.tagName === 'string' ? target.tagName : '',
    targetEditable: target?.isContentEditable === true,
  };
}

/** The proposal selected after a move, wrapping neither way (the ends stop the selection). */
export function moveSelection(ids: readonly string[], selected: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const index = selected === null ? -1 : ids.indexOf(selected);
  if (index === -1) return ids[0] ?? null;
  return ids[Math.min(ids.length - 1, Math.max(0, index + step))] ?? null;
}
