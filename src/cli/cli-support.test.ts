import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitOnClosedPipe } from './cli-support.ts';

const failure = (code: string) => Object.assign(new Error(code), { code });

describe('exitOnClosedPipe', () => {
  it('exits with 0 when the reader of the output has gone, and lets any other write error through', () => {
    const codes: number[] = [];
    const stream = new EventEmitter();
    exitOnClosedPipe(stream, (code) => codes.push(code));
    stream.emit('error', failure('EPIPE'));
    expect(codes).toEqual([0]);
    expect(() => stream.emit('error', failure('ENOSPC'))).toThrow('ENOSPC');
    expect(codes).toEqual([0]);
  });
});
