/**
 * Runs a function of a module in a child process with limits, so a hostile or broken input costs one process and never
 * the server: a wall-time limit (the child is killed, even inside a synchronous loop), a V8 heap limit
 * (`--max-old-space-size`), a cap on the size of the result, and a bounded queue. Every failure comes back as an
 * `AppError` with a Chinese message naming the limit; an `AppError` thrown in the child comes back as itself.
 *
 * Why processes, not worker threads: a worker's `resourceLimits` do not survive every allocation pattern. A parser
 * whose array doubles past the limit in one step (word-extractor on a cyclic sector chain) makes V8 abort the whole
 * process from inside the worker. A child process that aborts is only a child process.
 *
 * Children are pooled per module (`size` at most, kept for `idleMs` after their last job): starting one costs a few
 * hundred milliseconds of tsx compilation and module loading. A child that timed out, ran out of memory or crashed is
 * discarded and the next job gets a fresh one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { AppError, isErrorCode } from '../../../shared/errors.ts';
import { deserializeResult } from './in-parts.ts';

export interface IsolateLimits {
  /** Wall time per job, from the moment a child takes it. */
  timeoutMs: number;
  /** V8 old-generation heap limit of each child. */
  maxOldGenerationMb: number;
  /** Largest serialized result accepted. */
  maxOutputBytes: number;
}

export interface IsolatePoolOptions {
  /** The module whose exports are run (an absolute file URL, e.g. `new URL('./x.ts', import.meta.url).href`). */
  moduleUrl: string;
  /** What the work is, in Chinese, for messages: “读取工作要点文件”. */
  label: string;
  limits: IsolateLimits;
  /** Children running at once (default 2). */
  size?: number;
  /** Jobs waiting beyond the running ones before new ones are refused (default 8). */
  maxQueue?: number;
  /** An idle child is ended after this long (default 5 minutes). */
  idleMs?: number;
  /** Advice appended to timeout/memory/crash messages: what the user can do. */
  advice?: string;
}

export interface IsolatePool {
  /** Runs `exportName(...args)` of the pool's module in a child; args and result must be structured-cloneable. */
  run<T>(exportName: string, args: unknown[], limits?: Partial<IsolateLimits>): Promise<T>;
  /**
   * Starts one idle child now if none is alive, so the first job does not pay for the start (forking blocks the event
   * loop for tens of milliseconds, and loading the parsers takes seconds). The server calls it once it listens.
   */
  warm(): void;
  /** Ends every child; jobs still waiting are refused. */
  close(): Promise<void>;
  /** Children alive now (for tests and measurements). */
  readonly workerCount: number;
}

const ENTRY = fileURLToPath(new URL('./child-entry.mjs', import.meta.url));
const CHILD_NICENESS = 10;
/** A child that has not loaded its parsers after this long is given up (a machine out of memory or CPU). */
const STARTUP_LIMIT_MS = 60_000;
/** How long a failed job waits for its killed child to exit before settling anyway. */
const EXIT_WAIT_MS = 5_000;
const OUT_OF_MEMORY =
  /heap out of memory|invalid size error|Allocation failed|Reached heap limit|invalid array length/i;

interface Job {
  id: number;
  exportName: string;
  args: unknown[];
  limits: IsolateLimits;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  busy: Job | null;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
  /** The heap limit the child was started with; a job needing a different one gets another child. */
  maxOldGenerationMb: number;
  /** The end of the child's stderr: V8 says there why it aborted. */
  stderrTail: string;
  /** Parts of the busy job's result received so far (in-parts.ts). */
  parts: Uint8Array[][];
  ended: boolean;
}

interface ChildReply {
  ready?: boolean;
  id?: number;
  ok?: boolean;
  value?: Uint8Array;
  /** One part of a large result, ahead of the reply that ends it. */
  part?: Uint8Array[];
  /** Where the parts belong in the value, and how many were sent. */
  path?: string[];
  partCount?: number;
  tooLarge?: number;
  appError?: { code: string; message: string; details: { path: string; message: string }[] };
  message?: string;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const busyError = (label: string) => new AppError('RATE_LIMITED', `服务器正在${label}，任务已满，请稍后再试。`);

export function createIsolatePool(options: IsolatePoolOptions): IsolatePool {
  const size = options.size ?? 2;
  const maxQueue = options.maxQueue ?? 8;
  const idleMs = options.idleMs ?? 300_000;
  const advice = options.advice ?? '请检查文件是否完整，用原软件另存后重试。';
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let warmed = false;

  const discard = (slot: Slot) => {
    slots.delete(slot);
    slot.ended = true;
    slot.parts = [];
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    if (slot.child.exitCode === null && slot.child.signalCode === null) slot.child.kill('SIGKILL');
  };

  const fail = (slot: Slot, error: AppError) => {
    const job = slot.busy;
    slot.busy = null;
    const alive = slot.child.exitCode === null && slot.child.signalCode === null;
    discard(slot);
    // The job settles once the child is gone (SIGKILL is prompt; a bound in case it is not), so what its caller cleans
    // up next (the scratch folder of a book upload) can no longer be written to.
    if (job && alive) {
      const settle = () => {
        clearTimeout(bound);
        job.reject(error);
      };
      const bound = setTimeout(settle, EXIT_WAIT_MS);
      slot.child.once('exit', settle);
    } else job?.reject(error);
    pump();
    // A child killed by a hostile file is replaced now, not when the next user uploads.
    if (warmed && !closed && slots.size === 0) setTimeout(() => spare(), 50).unref();
  };

  const settle = (slot: Slot, reply: ChildReply) => {
    const job = slot.busy;
    if (!job || reply.id !== job.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.busy = null;
    const parts = slot.parts;
    slot.parts = [];
    if (reply.ok && reply.value) {
      const unreadable = () =>
        job.reject(new AppError('UNPROCESSABLE_DOCUMENT', `${options.label}的结果无法读取。${advice}`));
      if (reply.path && parts.length !== reply.partCount) unreadable();
      // A large result is read one part per turn of the event loop; the child is free for the next job meanwhile.
      else deserializeResult(reply.value, reply.path, parts, nextTurn).then(job.resolve, unreadable);
    } else if (reply.tooLarge !== undefined) {
      job.reject(
        new AppError(
          'PAYLOAD_TOO_LARGE',
          `${options.label}得到的内容（${mb(reply.tooLarge)}）超过 ${mb(job.limits.maxOutputBytes)} 的上限。请拆分文件后分别上传。`,
        ),
      );
    } else if (reply.appError && isErrorCode(reply.appError.code)) {
      job.reject(new AppError(reply.appError.code, reply.appError.message, reply.appError.details));
    } else {
      // A library's own (English) error: the user gets what it means for them; `cause` keeps the original for logs.
      job.reject(
        Object.assign(
          new AppError('UNPROCESSABLE_DOCUMENT', `${options.label}失败：文件内容无法识别或已损坏。${advice}`),
          { cause: reply.message },
        ),
      );
    }
    park(slot);
    pump();
  };

  const startChild = (maxOldGenerationMb: number): Slot => {
    const child = fork(ENTRY, [], {
      execArgv: [`--max-old-space-size=${maxOldGenerationMb}`, '--max-semi-space-size=16', '--stack-size=4000'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // Parsing is background work: at a lower priority, a child busy on a hostile file cannot take the CPU the server's
    // event loop needs to keep answering (on a small machine shared with other work, that is the difference).
    if (child.pid !== undefined) {
      try {
        os.setPriority(child.pid, CHILD_NICENESS);
      } catch {
        // not permitted here (some containers): the time and memory limits still hold
      }
    }
    const slot: Slot = {
      child,
      ready: false,
      busy: null,
      timer: null,
      idleTimer: null,
      maxOldGenerationMb,
      stderrTail: '',
      parts: [],
      ended: false,
    };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      slot.stderrTail = (slot.stderrTail + text).slice(-4096);
    });
    child.on('message', (reply: ChildReply) => {
      if (reply.ready) {
        slot.ready = true;
        if (slot.busy) send(slot, slot.busy);
        return;
      }
      if (reply.part) {
        if (slot.busy && reply.id === slot.busy.id) slot.parts.push(reply.part);
        return;
      }
      settle(slot, reply);
    });
    child.on('error', () => {
      if (!slot.ended)
        fail(slot, new AppError('UNPROCESSABLE_DOCUMENT', `${options.label}时无法启动处理程序，请稍后再试。`));
    });
    child.on('exit', () => {
      if (slot.ended) return;
      // Let the last stderr lines arrive before judging why the child died.
      setImmediate(() => {
        if (slot.ended) return;
        const outOfMemory = OUT_OF_MEMORY.test(slot.stderrTail);
        fail(
          slot,
          outOfMemory
            ? new AppError(
                'PAYLOAD_TOO_LARGE',
                `${options.label}所需内存超过 ${slot.maxOldGenerationMb} MB 的上限，已中止。${advice}`,
              )
            : new AppError('UNPROCESSABLE_DOCUMENT', `${options.label}时处理程序意外退出，已中止。${advice}`),
        );
      });
    });
    slots.add(slot);
    return slot;
  };

  const setRef = (slot: Slot, ref: boolean) => {
    // An idle child must not keep a CLI command (or a test) alive.
    const handles = [slot.child.channel, slot.child.stderr] as ({ ref?(): void; unref?(): void } | undefined | null)[];
    if (ref) {
      slot.child.ref();
      for (const h of handles) h?.ref?.();
    } else {
      slot.child.unref();
      for (const h of handles) h?.unref?.();
    }
  };

  const park = (slot: Slot) => {
    setRef(slot, false);
    slot.idleTimer = setTimeout(() => {
      if (!slot.busy) discard(slot);
    }, idleMs);
    slot.idleTimer.unref();
  };

  /** Hands the job to a ready child; its time limit runs from here (starting a child is not the file's fault). */
  const send = (slot: Slot, job: Job) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      fail(
        slot,
        new AppError(
          'UNPROCESSABLE_DOCUMENT',
          `${options.label}超过 ${Math.round(job.limits.timeoutMs / 1000)} 秒仍未完成，已中止（文件可能已损坏或结构异常）。${advice}`,
        ),
      );
    }, job.limits.timeoutMs);
    slot.child.send({
      id: job.id,
      moduleUrl: options.moduleUrl,
      exportName: job.exportName,
      args: job.args,
      maxOutputBytes: job.limits.maxOutputBytes,
    });
  };

  const assign = (slot: Slot, job: Job) => {
    slot.parts = [];
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.busy = job;
    setRef(slot, true);
    if (slot.ready) send(slot, job);
    else {
      slot.timer = setTimeout(
        () =>
          fail(
            slot,
            new AppError(
              'RATE_LIMITED',
              `${options.label}的处理程序 ${STARTUP_LIMIT_MS / 1000} 秒内未能启动，服务器可能过于繁忙，请稍后再试。`,
            ),
          ),
        STARTUP_LIMIT_MS,
      );
    }
  };

  function pump(): void {
    while (queue.length > 0 && !closed) {
      const job = queue[0] as Job;
      let slot = [...slots].find((s) => !s.busy && s.maxOldGenerationMb === job.limits.maxOldGenerationMb);
      if (!slot && slots.size >= size) {
        // Retire an idle child with other limits to make room, else wait for one to finish.
        const idle = [...slots].find((s) => !s.busy);
        if (!idle) return;
        discard(idle);
      }
      slot ??= startChild(job.limits.maxOldGenerationMb);
      queue.shift();
      assign(slot, job);
    }
  }

  function spare(): void {
    if (closed || slots.size > 0) return;
    park(startChild(options.limits.maxOldGenerationMb));
  }

  return {
    warm() {
      warmed = true;
      spare();
    },
    run<T>(exportName: string, args: unknown[], limits: Partial<IsolateLimits> = {}): Promise<T> {
      if (closed) return Promise.reject(busyError(options.label));
      const running = [...slots].filter((s) => s.busy).length;
      if (running >= size && queue.length >= maxQueue) return Promise.reject(busyError(options.label));
      return new Promise<T>((resolve, reject) => {
        queue.push({
          id: nextId++,
          exportName,
          args,
          limits: { ...options.limits, ...limits },
          resolve: resolve as (v: unknown) => void,
          reject,
        });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(busyError(options.label));
      const all = [...slots];
      await Promise.all(
        all.map(
          (slot) =>
            new Promise<void>((resolve) => {
              slot.busy?.reject(busyError(options.label));
              slot.busy = null;
              if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
              slot.child.once('exit', () => resolve());
              setRef(slot, true);
              discard(slot);
            }),
        ),
      );
    },
    get workerCount() {
      return slots.size;
    },
  };
}
