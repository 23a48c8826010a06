import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { HELPER_THREAD_NAME, lowerHelperThreadsPriority, nameThread } from './thread-priority.ts';

const linux = process.platform === 'linux';
const threads = () =>
  readdirSync('/proc/self/task')
    .map(Number)
    .filter((id) => id !== process.pid);
const priorities = () => threads().map((id) => os.getPriority(id));

describe.skipIf(!linux)('helper threads at the workers’ priority (Linux only)', () => {
  it('lowers every other thread at the event loop’s priority and leaves the event loop’s own', async () => {
    const own = os.getPriority();
    // V8's platform threads run at the event loop's priority until they are lowered.
    expect(priorities().filter((p) => p === own).length).toBeGreaterThan(0);
    const lowered = await lowerHelperThreadsPriority();
    expect(lowered).toBeGreaterThan(0);
    expect(os.getPriority()).toBe(own);
    for (const p of priorities()) expect(p).toBeGreaterThan(own);
    // Named, so that `top -H` tells them from the event loop and the workers.
    const names = threads().map((id) => readFileSync(`/proc/self/task/${id}/comm`, 'utf8').trim());
    expect(names.filter((n) => n === HELPER_THREAD_NAME).length).toBe(lowered);
    // A second call finds nothing left to lower.
    expect(await lowerHelperThreadsPriority()).toBe(0);
  });
});

describe.skipIf(!linux)('thread names (Linux only)', () => {
  it('names the calling thread, cut to the 15 bytes Linux keeps', () => {
    const comm = '/proc/thread-self/comm';
    const before = readFileSync(comm, 'utf8').trim();
    try {
      nameThread('fz-search');
      expect(readFileSync(comm, 'utf8').trim()).toBe('fz-search');
      nameThread('fz-a-much-longer-name');
      expect(readFileSync(comm, 'utf8').trim()).toBe('fz-a-much-longe');
    } finally {
      writeFileSync(comm, before);
    }
  });
});
