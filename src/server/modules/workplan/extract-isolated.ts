/**
 * Plan documents are read (`extract/extractText`) and parsed (`parse/parsePlan`) in an isolated child process:
 * word-extractor, pdf.js and the zip reader see untrusted bytes, and a file crafted to make one of them loop or
 * allocate without end must cost one child, not the server; parsing two million pasted characters takes seconds that
 * the event loop must not lose. The web preview/import and the CLI (`plan parse`, `plan import`) all go through here.
 */
import type { TPlanParseResult } from '../../../shared/workplan-parse.ts';
import type { ExtractedText } from './extract/extract-text.ts';
import type { ParsePlanOptions } from './parse/parse-plan.ts';
import { createIsolatePool, type IsolatePool } from '../../platform/isolate/run-isolated.ts';

export const PLAN_EXTRACT_LIMITS = {
  timeoutMs: 30_000,
  maxOldGenerationMb: 256,
  /** Extracted text, serialized: a plan is at most 2 million characters (the paste limit), UTF-16 → 4 MB; 8 MB allows slack. */
  maxOutputBytes: 8 * 1024 * 1024,
} as const;

let pool: IsolatePool | null = null;

function planPool(): IsolatePool {
  pool ??= createIsolatePool({
    moduleUrl: new URL('./plan-jobs.ts', import.meta.url).href,
    label: '读取工作要点文件',
    limits: PLAN_EXTRACT_LIMITS,
    size: 2,
    advice: '请用 Word 或 WPS 打开后另存为 .docx 再上传，或直接粘贴正文。',
  });
  return pool;
}

/** `extractText` in a worker: same result and the same AppErrors, plus time, memory and size limits. */
export function extractTextIsolated(bytes: Uint8Array, fileName: string): Promise<ExtractedText> {
  return planPool().run<ExtractedText>('extractText', [bytes, fileName]);
}

/** `parsePlan` in a worker: the same result, without blocking the event loop on long texts. */
export function parsePlanIsolated(text: string, options: ParsePlanOptions = {}): Promise<TPlanParseResult> {
  return planPool().run<TPlanParseResult>('parsePlan', [text, options]);
}

/** Ends the workers (server shutdown, tests). */
/** Starts a child ahead of the first file (see IsolatePool.warm); the server calls it once it listens. */
export function warmPlanExtractWorkers(): void {
  planPool().warm();
}

export async function closePlanExtractWorkers(): Promise<void> {
  const current = pool;
  pool = null;
  await current?.close();
}
