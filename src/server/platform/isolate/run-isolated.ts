/**
 * Runs a function of a module in a worker thread with limits, so a hostile or broken input costs one worker and never
 * the server: a wall-time limit (the worker is terminated, even inside a synchronous loop), V8 heap limits
 * (`resourceLimits`), a cap on the size of the result, and a bounded queue. Every failure comes back as an `AppError`
 * with a Chinese message naming the limit; an `AppError` thrown inside the worker comes back as itself.
 *
 * Workers are pooled per module (`size` at most, kept for `idleMs` after their last job) because starting one costs
 * a few hundred milliseconds of tsx compilation and module loading; a worker that timed out, ran out of memory or
 * crashed is discarded and the next job gets a fresh one.
 */
import { Worker } from 'node:worker_threads';
import { deserialize } from 'node:v8';
import { AppError, isErrorCode } from '../../../shared/errors.ts';

export interface IsolateLimits {
  /** Wall time per job, from the moment a worker takes it. */
  timeoutMs: number;
  /** V8 old-generation heap limit of each worker. */
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
  /** Workers running at once (default 2). */
  size?: number;
  /** Jobs waiting beyond the running ones before new ones are refused (default 8). */
  maxQueue?: number;
  /** An idle worker is ended after this long (default 30 s). */
  idleMs?: number;
  /** Advice appended to timeout/memory/crash messages: what the user can do. */
  advice?: string;
}

export interface IsolatePool {
  /** Runs `exportName(...args)` of the pool's module in a worker; args and result must be structured-cloneable. */
  run<T>(exportName: string, args: unknown[], limits?: Partial<IsolateLimits>): Promise<T>;
  /** Ends every worker; jobs still waiting are refused. */
  close(): Promise<void>;
  /** Workers alive now (for tests and measurements). */
  readonly workerCount: number;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

interface Job {
  id: number;
  exportName: string;
  args: unknown[];
  limits: IsolateLimits;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  busy: Job | null;
  idleTimer: NodeJS.Timeout | null;
  /** The heap limit the worker was started with; a job needing a different one gets another worker. */
  maxOldGenerationMb: number;
}

interface WorkerReply {
  id: number;
  ok: boolean;
  value?: Uint8Array;
  tooLarge?: number;
  appError?: { code: string; message: string; details: { path: string; message: string }[] };
  message?: string;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export function createIsolatePool(options: IsolatePoolOptions): IsolatePool {
  const size = options.size ?? 2;
  const maxQueue = options.maxQueue ?? 8;
  const idleMs = options.idleMs ?? 30_000;
  const advice = options.advice ?? '请检查文件是否完整，用原软件另存后重试。';
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  const timers = new Map<number, NodeJS.Timeout>();

  const failJob = (slot: Slot, error: AppError) => {
    const job = slot.busy;
    slot.busy = null;
    slots.delete(slot);
    void slot.worker.terminate();
    job?.reject(error);
    pump();
  };

  const startWorker = (maxOldGenerationMb: number): Slot => {
    const worker = new Worker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: maxOldGenerationMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 8 },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, busy: null, idleTimer: null, maxOldGenerationMb };
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.busy;
      if (!job || reply.id !== job.id) return;
      clearTimeout(timers.get(job.id));
      timers.delete(job.id);
      slot.busy = null;
      if (reply.ok && reply.value) {
        try {
          job.resolve(deserialize(reply.value));
        } catch {
          job.reject(new AppError('UNPROCESSABLE_DOCUMENT', `${options.label}的结果无法读取。${advice}`));
        }
      } else if (reply.tooLarge !== undefined) {
        job.reject(
          new AppError('PAYLOAD_TOO_LARGE', `${options.label}得到的内容（${mb(reply.tooLarge)}）超过 ${mb(job.limits.maxOutputBytes)} 的上限。请拆分文件后分别上传。`),
        );
      } else if (reply.appError && isErrorCode(reply.appError.code)) {
        job.reject(new AppError(reply.appError.code, reply.appError.message, reply.appError.details));
      } else {
        // A library's own (English) error: the user gets what it means for them, the log gets the original.
        job.reject(Object.assign(new AppError('UNPROCESSABLE_DOCUMENT', `${options.label}失败：文件内容无法识别或已损坏。${advice}`), { cause: reply.message }));
      }
      park(slot);
      pump();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const job = slot.busy;
      if (job) clearTimeout(timers.get(job.id));
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(error.message);
      failJob(
        slot,
        outOfMemory
          ? new AppError('PAYLOAD_TOO_LARGE', `${options.label}所需内存超过 ${slot.maxOldGenerationMb} MB 的上限，已中止。${advice}`)
          : new AppError('UNPROCESSABLE_DOCUMENT', `${options.label}时处理程序意外出错，已中止。${advice}`),
      );
    });
    worker.on('exit', () => {
      if (!slots.has(slot)) return;
      const job = slot.busy;
      if (job) clearTimeout(timers.get(job.id));
      failJob(slot, new AppError('UNPROCESSABLE_DOCUMENT', `${options.label}时处理程序意外退出，已中止。${advice}`));
    });
    slots.add(slot);
    return slot;
  };

  const park = (slot: Slot) => {
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      if (slot.busy) return;
      slots.delete(slot);
      void slot.worker.terminate();
    }, idleMs);
    slot.idleTimer.unref();
  };

  const assign = (slot: Slot, job: Job) => {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.busy = job;
    slot.worker.ref();
    timers.set(
      job.id,
      setTimeout(() => {
        timers.delete(job.id);
        failJob(
          slot,
          new AppError('UNPROCESSABLE_DOCUMENT', `${options.label}超过 ${Math.round(job.limits.timeoutMs / 1000)} 秒仍未完成，已中止（文件可能已损坏或结构异常）。${advice}`),
        );
      }, job.limits.timeoutMs),
    );
    slot.worker.postMessage({
      id: job.id,
      moduleUrl: options.moduleUrl,
      exportName: job.exportName,
      args: job.args,
      maxOutputBytes: job.limits.maxOutputBytes,
    });
  };

  function pump(): void {
    while (queue.length > 0) {
      const job = queue[0] as Job;
      let slot = [...slots].find((s) => !s.busy && s.maxOldGenerationMb === job.limits.maxOldGenerationMb);
      if (!slot && slots.size >= size) {
        // Retire an idle worker with other limits to make room, else wait for one to finish.
        const idle = [...slots].find((s) => !s.busy);
        if (!idle) return;
        slots.delete(idle);
        if (idle.idleTimer) clearTimeout(idle.idleTimer);
        void idle.worker.terminate();
      }
      slot ??= startWorker(job.limits.maxOldGenerationMb);
      queue.shift();
      assign(slot, job);
    }
  }

  return {
    run<T>(exportName: string, args: unknown[], limits: Partial<IsolateLimits> = {}): Promise<T> {
      if (closed) return Promise.reject(new AppError('RATE_LIMITED', `服务正在停止，请稍后再试。`));
      const running = [...slots].filter((s) => s.busy).length;
      if (running >= size && queue.length >= maxQueue) {
        return Promise.reject(new AppError('RATE_LIMITED', `服务器正在${options.label}（已有 ${running + queue.length} 个任务排队），请稍后再试。`));
      }
      return new Promise<T>((resolve, reject) => {
        queue.push({ id: nextId++, exportName, args, limits: { ...options.limits, ...limits }, resolve: resolve as (v: unknown) => void, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new AppError('RATE_LIMITED', '服务正在停止，请稍后再试。'));
      const all = [...slots];
      slots.clear();
      for (const t of timers.values()) clearTimeout(t);
      for (const s of all) {
        if (s.idleTimer) clearTimeout(s.idleTimer);
        s.busy?.reject(new AppError('RATE_LIMITED', '服务正在停止，请稍后再试。'));
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
    get workerCount() {
      return slots.size;
    },
  };
}
