import { AppError } from '../shared/errors.ts';
import { ConfigError, loadConfig, type Config } from '../server/config.ts';
import { systemActor } from '../server/platform/auth/actor.ts';

/** Who the command line acts as: the system, with what `SYSTEM_ACTIONS` in policy.ts allows; audited as 系统（命令行）. */
export const CLI_ACTOR = systemActor('cli');

/** Thrown for a wrong command line; printed without a stack trace. */
export class CliError extends Error {}

export function readConfig(): Config {
  return loadConfig(process.env);
}

/** Reads standard input to the end (for --password-stdin); the trailing newline is not part of the password. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError('请通过标准输入提供密码，例如：echo "新密码" | bin/fangzhi user add … --password-stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Runs a command body and turns every expected failure into a readable message and exit code 1. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
    } else if (error instanceof AppError) {
      const details = error.details.map((d) => `  - ${d.path ? `${d.path}: ` : ''}${d.message}`).join('\n');
      process.stderr.write(`错误（${error.code}）：${error.message}\n${details ? `${details}\n` : ''}`);
    } else {
      process.stderr.write(`出错了：${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

/**
 * Ends the process quietly when the reader of its output goes away (`bin/fangzhi search 長白山 | head -2`): otherwise
 * the next write after `head` exits fails with EPIPE, an unhandled error printed with its stack trace.
 */
export function exitOnClosedPipe(
  stream: NodeJS.EventEmitter,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit(0);
  });
}
