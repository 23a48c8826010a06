/**
 * Runs several `bin/fangzhi` command lines in ONE Node process, one after the other, and prints what each wrote and
 * its exit code as JSON. Started by `openCliSession` (run-cli.ts): a CLI test case then pays for starting Node and
 * compiling the CLI once, not once per command — the difference between seconds and minutes on a loaded machine.
 *
 * Each run evaluates `src/cli/main.ts` afresh (a new module instance, so a new commander program) with its own argv,
 * environment additions and standard input; writes to stdout/stderr are captured, and `process.exit` (commander calls
 * it for --help and usage errors) ends only that run.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

export interface CliInvocation {
  args: string[];
  env?: Record<string, string>;
  input?: string;
}

export interface CliOutcome {
  status: number;
  stdout: string;
  stderr: string;
}

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

const MAIN = pathToFileURL(path.resolve(import.meta.dirname, '../../cli/main.ts')).href;

async function runOne(invocation: CliInvocation, n: number): Promise<CliOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = {
    argv: process.argv,
    env: { ...process.env },
    stdoutWrite: process.stdout.write.bind(process.stdout),
    stderrWrite: process.stderr.write.bind(process.stderr),
    exit: process.exit.bind(process),
    stdin: Object.getOwnPropertyDescriptor(process, 'stdin'),
  };
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  process.argv = [process.execPath, 'fangzhi', ...invocation.args];
  Object.assign(process.env, invocation.env ?? {});
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.exit = ((code?: number) => {
    throw new ExitCalled(code ?? 0);
  }) as typeof process.exit;
  Object.defineProperty(process, 'stdin', {
    value: Readable.from([Buffer.from(invocation.input ?? '')]),
    configurable: true,
  });
  process.exitCode = undefined;
  let status: number;
  try {
    await import(`${MAIN}?run=${n}`);
    status = Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof ExitCalled) status = error.code;
    else {
      err.push(`uncaught: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      status = 1;
    }
  } finally {
    process.argv = saved.argv;
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
    process.stdout.write = saved.stdoutWrite;
    process.stderr.write = saved.stderrWrite;
    process.exit = saved.exit;
    if (saved.stdin) Object.defineProperty(process, 'stdin', saved.stdin);
    process.exitCode = undefined;
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** Marks the driver's own output lines (one JSON outcome per run), so nothing a command prints is taken for one. */
export const OUTCOME_MARK = '\u0000fangzhi-cli-outcome\u0000';

// One invocation per line of standard input (JSON), one outcome per line of standard output, until stdin ends.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const write = process.stdout.write.bind(process.stdout);
  let n = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const outcome = await runOne(JSON.parse(line) as CliInvocation, (n += 1));
    write(`${OUTCOME_MARK}${JSON.stringify(outcome)}\n`);
  }
}
