import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import { loadSupervisionSettings } from '../supervision/plan-health.ts';
import { todayOf } from '../supervision/rules/dates.ts';
import { periodDueBy } from '../supervision/rules/plan-health.ts';
import { periodOf, periodsOfYear } from '../supervision/rules/periods.ts';
import { findPlanById } from '../workplan/workplan.repository.ts';
import { composeBulletin } from './bulletin.ts';
import { compilePlanReport } from './compile-plan-report.ts';
import {
  bulletinSpan,
  defaultSummaryPeriod,
  summarySpan,
  type DocumentKind,
  type DocumentSpan,
} from './document-period.ts';
import { composeSummary } from './summary.ts';
import { buildTaskTableXlsx } from './task-table-xlsx.ts';

export const DOCUMENT_KINDS = ['tasks', 'bulletin', 'summary'] as const;
const FORMAT_OF: Record<DocumentKind, 'xlsx' | 'docx'> = { tasks: 'xlsx', bulletin: 'docx', summary: 'docx' };
const KIND_LABELS: Record<DocumentKind, string> = { tasks: '任务分解表', bulletin: '进展通报', summary: '工作总结' };

export const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

export interface ExportRequest {
  kind: string | undefined;
  format?: string | undefined;
  period?: string | undefined;
  /** Bulletin only: `1` prints the 版头 (red 发文机关标志); `0` or absent leaves it out. */
  redHeader?: string | undefined;
  /** Bulletin only: the 发文字号 under the 版头, e.g. 云志办通〔2024〕3号. */
  docNumber?: string | undefined;
}

/**
 * A 发文字号 as offices write it: 机关代字〔年份〕序号号. Square or round brackets around the year are turned into 六角括号
 * (〔〕), as GB/T 9704 asks; anything else gets a Chinese message that shows the form.
 */
export function readDocNumber(raw: string | undefined): string | null {
  const text = (raw ?? '').trim();
  if (!text) return null;
  const normal = text.replace(/[[【(（［]\s*(\d{4})\s*[\]】)）］]/u, '〔$1〕');
  if (!/^[\p{Script=Han}A-Za-z]{1,20}〔\d{4}〕[1-9]\d{0,3}号$/u.test(normal))
    throw new AppError(
      'BAD_REQUEST',
      `发文字号“${text}”格式不对：应写作“机关代字〔年份〕序号号”，如“云志办通〔2024〕3号”；年份用六角括号〔〕，序号不编虚位。`,
    );
  return normal;
}

export interface ExportedDocument {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

/** Checks kind and format; the format may be left out (each kind has exactly one). Chinese 400s otherwise. */
export function readExportKind(request: ExportRequest): { kind: DocumentKind; format: 'xlsx' | 'docx' } {
  if (!request.kind || !(DOCUMENT_KINDS as readonly string[]).includes(request.kind)) {
    throw new AppError(
      'BAD_REQUEST',
      `导出类型“${request.kind ?? ''}”无效，应为 tasks（任务分解表）、bulletin（进展通报）或 summary（工作总结）。`,
    );
  }
  const kind = request.kind as DocumentKind;
  const format = FORMAT_OF[kind];
  if (request.format !== undefined && request.format !== format) {
    throw new AppError('BAD_REQUEST', `${KIND_LABELS[kind]}只能导出为 ${format} 格式，不支持“${request.format}”。`);
  }
  return { kind, format };
}

/** The span a request means; without a period: the period due by today (bulletin) or the half/whole year so far (summary). */
async function resolveSpan(
  db: Db,
  kind: DocumentKind,
  period: string | undefined,
  planId: number,
  year: number,
  today: string,
): Promise<DocumentSpan> {
  if (kind === 'summary') return summarySpan(period ?? defaultSummaryPeriod(year, today), year);
  if (kind === 'bulletin') {
    if (period !== undefined) return bulletinSpan(period, year);
    const settings = await loadSupervisionSettings(db, planId);
    const inYear = today.slice(0, 4) === String(year);
    const fallback = periodsOfYear(settings.cycle, year);
    const chosen = inYear
      ? (periodDueBy(settings, today) ?? periodOf(settings.cycle, today))
      : today < `${year}-01-01`
        ? fallback[0]!
        : fallback[fallback.length - 1]!;
    return bulletinSpan(chosen, year);
  }
  // The task table shows the state up to today (or the plan's year end); a period, if given, only checks its form.
  if (period !== undefined) return bulletinSpan(period, year);
  const to = today.slice(0, 4) === String(year) ? today : `${year}-12-31`;
  return { key: String(year), label: `${year}年`, from: `${year}-01-01`, to };
}

const safeName = (text: string) => text.replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim();

/**
 * Builds the requested document of a plan, for a signed-in user or the system (`systemActor('cli')`: `plan export`).
 * `today` is the UTC date of `clock` (the 成文日期 and the lights' day).
 */
export async function exportPlanDocument(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  planId: number,
  request: ExportRequest,
): Promise<ExportedDocument> {
  authorize(principal, 'plan.export');
  const { kind, format } = readExportKind(request);
  if (kind === 'bulletin') readDocNumber(request.docNumber);
  const plan = await findPlanById(deps.db, planId);
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  const today = todayOf(deps.clock);
  const span = await resolveSpan(deps.db, kind, request.period, planId, plan.year, today);
  const data = await compilePlanReport(deps.db, planId, span, today);
  const title = safeName(plan.title);
  if (kind === 'tasks')
    return { fileName: `${title}任务分解表.xlsx`, mime: MIME[format], bytes: await buildTaskTableXlsx(data) };
  const input =
    kind === 'bulletin'
      ? composeBulletin(data, { redHeader: request.redHeader === '1', docNumber: readDocNumber(request.docNumber) })
      : composeSummary(data);
  const label = kind === 'bulletin' ? `${span.label}进展通报` : `${span.label}工作总结`;
  const { renderOfficialDocx } = await import('./official-docx.ts');
  return { fileName: `${title}（${label}）.docx`, mime: MIME[format], bytes: await renderOfficialDocx(input) };
}
