import { readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { lowerHelperThreadsPriority } from './thread-priority.ts';

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
    // A second call finds nothing left to lower.
    expect(await lowerHelperThreadsPriority()).toBe(0);
  });
});
