import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineHandler, mergeHandlers } from './define-handler';

describe('mergeHandlers', () => {
  it('merges domain maps and refuses a method registered twice', () => {
    const a = { 'a.one': defineHandler(z.object({}), () => 1) };
    const b = { 'b.two': defineHandler(z.object({}), () => 2) };
    expect(Object.keys(mergeHandlers(a, b))).toEqual(['a.one', 'b.two']);
    expect(() => mergeHandlers(a, b, { 'a.one': defineHandler(z.object({}), () => 3) })).toThrow(
      'API method "a.one" is registered twice',
    );
  });
});
