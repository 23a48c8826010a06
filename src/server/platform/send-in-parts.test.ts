import { describe, expect, it } from 'vitest';
import { sendInParts } from './send-in-parts.ts';

describe('sendInParts', () => {
  it('closes a part once its weight reaches the limit, keeps every item once and in order', async () => {
    const parts: number[][] = [];
    const items = [3, 4, 2, 9, 1, 1, 5, 2];
    const sent = await sendInParts(
      items,
      (n) => n,
      (part) => parts.push(part),
      { partChars: 6 },
    );
    expect(parts).toEqual([[3, 4], [2, 9], [1, 1, 5], [2]]);
    expect(sent).toBe(4);
    expect(parts.flat()).toEqual(items);
  });

  it('closes the part an item heavier than a part lands in, and nothing for no items', async () => {
    const parts: string[][] = [];
    await sendInParts(
      ['a', 'bbbbbbbbbb', 'c'],
      (s) => s.length,
      (part) => parts.push(part),
      { partChars: 4 },
    );
    expect(parts).toEqual([['a', 'bbbbbbbbbb'], ['c']]);
    expect(
      await sendInParts(
        [],
        () => 1,
        () => expect.unreachable(),
      ),
    ).toBe(0);
  });

  it('lets the event loop run between full parts, not after the last one', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('loop'));
    const done = sendInParts(
      [1, 1, 1, 1, 1],
      (n) => n,
      (part) => log.push(`part ${part.length}`),
      { partChars: 2 },
    );
    await done;
    log.push('done');
    // The first part goes synchronously; a callback queued before the call runs before the second.
    expect(log).toEqual(['part 2', 'loop', 'part 2', 'part 1', 'done']);
  });

  it('stops after a yield when asked, sending nothing more', async () => {
    const parts: number[][] = [];
    const sent = await sendInParts(
      [1, 1, 1, 1, 1, 1],
      (n) => n,
      (part) => parts.push(part),
      {
        partChars: 2,
        stop: () => parts.length === 2,
      },
    );
    expect(sent).toBeNull();
    expect(parts).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('lets an error of the sender through, with no part after it', async () => {
    const parts: number[][] = [];
    const failing = sendInParts(
      [1, 1, 1, 1],
      (n) => n,
      (part) => {
        if (parts.length === 1) throw new Error('cannot be cloned');
        parts.push(part);
      },
      { partChars: 2 },
    );
    await expect(failing).rejects.toThrow('cannot be cloned');
    expect(parts).toEqual([[1, 1]]);
  });
});
