import { AppError } from '../../../shared/errors.ts';
import type { TPlanPreview, TUnitResolution } from '../../../shared/workplan.ts';
import { toImportRequest } from '../../../shared/workplan-import.ts';
import type { Db } from '../../db/database.ts';
import type { TaskHistoryPort } from './task-history-port.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { findUnits } from '../org/org.repository.ts';
import { extractTextIsolated, parsePlanIsolated } from './extract-isolated.ts';
import { UNKNOWN_UNITS_WARNING } from './parse/parse-plan.ts';
import { matchUnitName, type UnitDirectoryEntry } from './parse/match-units.ts';
import { diffPlans, faceOfInput } from './plan-diff.ts';
import { findPlanByYearTitle } from './workplan.repository.ts';
import { loadSavedTaskFaces } from './find-plans.ts';

export type PlanSource = { kind: 'file'; fileName: string; bytes: Uint8Array } | { kind: 'text'; text: string };

export const PASTED_FILE_NAME = '粘贴的正文.txt';

/** Reads an uploaded file or pasted text into plain text; pasted text is kept as a UTF-8 .txt source. */
export async function readPlanSource(
  source: PlanSource,
): Promise<{ text: string; fileName: string; format: string; encoding: string | null; bytes: Uint8Array }> {
  if (source.kind === 'text') {
    if (!source.text.trim())
      throw new AppError('UNPROCESSABLE_DOCUMENT', '粘贴的内容是空的。请粘贴工作要点正文，或上传文件。');
    return {
      text: source.text,
      fileName: PASTED_FILE_NAME,
      format: 'paste',
      encoding: 'utf-8',
      bytes: new TextEncoder().encode(source.text),
    };
  }
  const extracted = await extractTextIsolated(source.bytes, source.fileName);
  return {
    text: extracted.text,
    fileName: source.fileName,
    format: extracted.format,
    encoding: extracted.encoding ?? null,
    bytes: source.bytes,
  };
}

export async function loadUnitDirectory(db: Db): Promise<UnitDirectoryEntry[]> {
  return (await findUnits(db)).map((u) => ({ id: u.id, name: u.name, aliases: u.aliases }));
}

export function resolveUnitNames(names: Iterable<string>, directory: readonly UnitDirectoryEntry[]): TUnitResolution[] {
  return [...new Set(names)].map((name) => {
    const match = matchUnitName(name, directory);
    const unitId = match.kind === 'matched' ? match.unitId : null;
    return { name, kind: match.kind, unitId, unitName: directory.find((d) => d.id === unitId)?.name ?? null };
  });
}

/**
 * Parses a document for the person to check: nothing is saved. Shows what would change if the plan already exists.
 * Authorised before the source is read, so a refused user costs no parsing.
 */
export async function previewPlan(
  deps: { db: Db; taskHistory: TaskHistoryPort },
  actor: Principal,
  source: PlanSource,
): Promise<TPlanPreview> {
  authorize(actor, 'plan.import');
  const read = await readPlanSource(source);
  const directory = await loadUnitDirectory(deps.db);
  const parse = await parsePlanIsolated(read.text, { knownUnits: directory.flatMap((d) => [d.name, ...d.aliases]) });
  // `units` below says precisely which names are unknown, and the page offers to map them.
  parse.warnings = parse.warnings.filter((w) => !w.startsWith(UNKNOWN_UNITS_WARNING));
  const units = resolveUnitNames(
    parse.sections.flatMap((s) => s.tasks.flatMap((t) => [...t.leadUnits, ...t.supportUnits])),
    directory,
  );
  const saved = await findPlanByYearTitle(deps.db, parse.plan.year, parse.plan.title);
  let existing: TPlanPreview['existing'] = null;
  if (saved) {
    const revised = toImportRequest(parse, units).sections.flatMap((s) => s.tasks.map(faceOfInput));
    existing = {
      planId: saved.id,
      title: saved.title,
      revision: saved.revision,
      diff: diffPlans(await loadSavedTaskFaces(deps.db, saved.id, deps.taskHistory), revised),
    };
  }
  return {
    parse,
    units,
    source: { fileName: read.fileName, format: read.format, encoding: read.encoding, size: read.bytes.byteLength },
    existing,
  };
}
