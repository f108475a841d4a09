import { describe, expect, it } from 'vitest';
import { approvalKeyAction, moveSelection, type KeyPress } from './approval-keys';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, repeat: false, targetTag: 'DIV', targetEditable: false, ...extra });

describe('approval keys', () => {
  it('maps A / Enter to approve, R / Escape to reject, M modify, S snooze, J / K and arrows to moves', () => {
    expect(approvalKeyAction(press('a'))).toBe('approve');
    expect(approvalKeyAction(press('A'))).toBe('approve');
    expect(approvalKeyAction(press('Enter'))).toBe('approve');
    expect(approvalKeyAction(press('r'))).toBe('reject');
    expect(approvalKeyAction(press('Escape'))).toBe('reject');
    expect(approvalKeyAction(press('R', { shiftKey: true }))).toBe('reject-with-reason');
    expect(approvalKeyAction(press('m'))).toBe('modify');
    expect(approvalKeyAction(press('s'))).toBe('snooze');
    expect(approvalKeyAction(press('j'))).toBe('next');
    expect(approvalKeyAction(press('ArrowDown'))).toBe('next');
    expect(approvalKeyAction(press('k'))).toBe('previous');
    expect(approvalKeyAction(press('ArrowUp'))).toBe('previous');
    expect(approvalKeyAction(press('x'))).toBeNull();
  });

  it('ignores keys with modifiers, keys typed into fields and keys pressed on focused buttons', () => {
    expect(approvalKeyAction(press('a', { ctrlKey: true }))).toBeNull();
    expect(approvalKeyAction(press('a', { metaKey: true }))).toBeNull();
    expect(approvalKeyAction(press('r', { altKey: true }))).toBeNull();
    expect(approvalKeyAction(press('a', { targetTag: 'INPUT' }))).toBeNull();
    expect(approvalKeyAction(press('Enter', { targetTag: 'BUTTON' }))).toBeNull();
    expect(approvalKeyAction(press('Escape', { targetTag: 'SELECT' }))).toBeNull();
    expect(approvalKeyAction(press('a', { targetEditable: true }))).toBeNull();
  });

  it('never decides on an auto-repeated key, but lets a held arrow move', () => {
    expect(approvalKeyAction(press('a', { repeat: true }))).toBeNull();
    expect(approvalKeyAction(press('Enter', { repeat: true }))).toBeNull();
    expect(approvalKeyAction(press('r', { repeat: true }))).toBeNull();
    expect(approvalKeyAction(press('ArrowDown', { repeat: true }))).toBe('next');
  });

  it('moves the selection within the queue, stopping at the ends', () => {
    const ids = ['p1', 'p2', 'p3'];
    expect(moveSelection(ids, null, 1)).toBe('p1');
    expect(moveSelection(ids, 'p1', 1)).toBe('p2');
    expect(moveSelection(ids, 'p3', 1)).toBe('p3');
    expect(moveSelection(ids, 'p1', -1)).toBe('p1');
    expect(moveSelection(ids, 'gone', -1)).toBe('p1');
    expect(moveSelection([], 'p1', 1)).toBeNull();
  });
});
