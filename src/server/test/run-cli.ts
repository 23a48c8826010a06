import { spawn } from 'node:child_process';
import path from 'node:path';
import { OUTCOME_MARK, type CliInvocation, type CliOutcome } from './cli-session.ts';

const RUN_TS = path.resolve(import.meta.dirname, '../../../bin/run-ts');
const DRIVER = path.resolve(import.meta.dirname, 'cli-session.ts');
const BIN = path.resolve(import.meta.dirname, '../../../bin/fangzhi');

/**
 * How long one command may take before the session is killed. Generous on purpose: on a loaded 2-core machine a
 * command that opens the database and imports a plan can take many seconds; tests assert what a command did, never
 * how fast.
 */
export const CLI_RUN_TIMEOUT_MS = 180_000;

export type CliResult = CliOutcome;

export interface CliSession {
  /** Runs `bin/fangzhi ARGS` with `env` added to the environment and `input` on standard input. */
  run(args: readonly string[], options?: { env?: Record<string, string>; input?: string }): Promise<CliResult>;
  close(): Promise<void>;
}

/**
 * Starts one Node process (with tsx, as `bin/fangzhi` does) that runs command lines one after another: a test case
 * opens one session and runs all its commands in it, so it starts Node and compiles the CLI once, not once per command.
 * `env` given here applies to every command of the session.
 */
export function openCliSession(env: Record<string, string> = {}): CliSession {
  const child = spawn(process.execPath, [RUN_TS, DRIVER], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let buffer = '';
  let stderr = '';
  const waiting: { resolve: (r: CliResult) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  const failAll = (error: Error) => {
    for (const w of waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(error);
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const at = line.indexOf(OUTCOME_MARK);
      if (at < 0) continue;
      const next = waiting.shift();
      if (!next) continue;
      clearTimeout(next.timer);
      next.resolve(JSON.parse(line.slice(at + OUTCOME_MARK.length)) as CliResult);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<void>((resolve) => {
    child.once('close', (code, signal) => {
      failAll(new Error(`the CLI session ended (${signal ?? code}) before answering:\n${stderr}`));
      resolve();
    });
  });
  child.once('error', (error) => failAll(error));
  return {
    run(args, options = {}) {
      const invocation: CliInvocation = { args: [...args], ...options };
      return new Promise<CliResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill();
          reject(
            new Error(`bin/fangzhi ${args.join(' ')} took longer than ${CLI_RUN_TIMEOUT_MS / 1000} s:\n${stderr}`),
          );
        }, CLI_RUN_TIMEOUT_MS);
        waiting.push({ resolve, reject, timer });
        child.stdin.write(`${JSON.stringify(invocation)}\n`);
      });
    },
    async close() {
      child.stdin.end();
      await closed;
    },
  };
}

/**
 * Runs one command line through the real entry point, as its own process (`node bin/fangzhi ARGS`: tsx registers
 * in-process, so no shell and no second process), for what must be seen from outside: help, exit codes, start-up
 * errors.
 */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...options.env },
      timeout: CLI_RUN_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status, signal) => {
      if (signal) reject(new Error(`bin/fangzhi ${args.join(' ')} was stopped by ${signal}:\n${stderr}`));
      else resolve({ status: status ?? 1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
