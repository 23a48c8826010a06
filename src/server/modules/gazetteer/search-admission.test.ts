import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { createSearchAdmission, searchAdmission } from './search-admission.ts';

describe('search admission', () => {
  it('runs at most `inFlight` searches at once, the rest in arrival order', async () => {
    const admit = createSearchAdmission(2, 100);
    const started: number[] = [];
    const release: (() => void)[] = [];
    const runs = [0, 1, 2, 3, 4].map((n) =>
      admit(
        () =>
          new Promise<number>((resolve) => {
            started.push(n);
            release[n] = () => resolve(n);
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([0, 1]);
    expect([admit.active, admit.waiting]).toEqual([2, 3]);
    release[1]?.();
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([0, 1, 2]);
    release[0]?.();
    release[2]?.();
    await new Promise((r) => setTimeout(r, 10));
    release[3]?.();
    release[4]?.();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect([admit.active, admit.waiting]).toEqual([0, 0]);
  });

  it('refuses at once with a Chinese 503 when the queue is full, and a failed search frees its place', async () => {
    const admit = createSearchAdmission(1, 1);
    let finish = () => {};
    const first = admit(() => new Promise<void>((resolve) => (finish = resolve)));
    const second = admit(async () => {
      throw new Error('engine failed');
    });
    const refused = admit(async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('繁忙') });
    finish();
    await first;
    await expect(second).rejects.toThrow('engine failed');
    expect(await admit(async () => 'next')).toBe('next');
  });

  it('keeps one admission per search engine', () => {
    const a = {};
    expect(searchAdmission(a)).toBe(searchAdmission(a));
    expect(searchAdmission(a)).not.toBe(searchAdmission({}));
  });
});
