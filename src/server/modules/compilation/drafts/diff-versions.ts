import { diffChars } from 'diff';
import { AppError } from '../../../../shared/errors.ts';
import type { TDiffSegment, TDraftDiff } from '../../../../shared/compilation.ts';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import { findVersionRow } from '../draft.repository.ts';
import { loadReadableNode } from './save-draft.ts';
import { presentVersionSummary } from './present-draft.ts';
import { htmlToPlainText } from './draft-html.ts';

/** Character diff of two texts (Chinese has no spaces between words), merged into runs. Pure. */
export function diffTexts(a: string, b: string): { segments: TDiffSegment[]; inserted: number; deleted: number } {
  const segments: TDiffSegment[] = [];
  let inserted = 0;
  let deleted = 0;
  for (const part of diffChars(a, b)) {
    const op = part.added ? 'insert' : part.removed ? 'delete' : 'equal';
    if (op === 'insert') inserted += part.value.length;
    if (op === 'delete') deleted += part.value.length;
    const last = segments.at(-1);
    if (last && last.op === op) last.text += part.value;
    else segments.push({ op, text: part.value });
  }
  return { segments, inserted, deleted };
}

/** Any two versions of one node, older first. */
export async function diffVersions(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
  nodeId: number,
  fromId: number,
  toId: number,
): Promise<TDraftDiff> {
  await loadReadableNode(deps.db, principal, projectId, nodeId);
  const [a, b] = await Promise.all([findVersionRow(deps.db, fromId), findVersionRow(deps.db, toId)]);
  if (!a || !b || a.node_id !== nodeId || b.node_id !== nodeId)
    throw new AppError('NOT_FOUND', '要比较的版本不属于这一条目，请刷新后重新选择。');
  const [older, newer] = a.version <= b.version ? [a, b] : [b, a];
  return {
    from: presentVersionSummary(older),
    to: presentVersionSummary(newer),
    // Card references (provenance) are not text of the book, but a citation added or dropped is a change to show.
    ...diffTexts(htmlToPlainText(older.html, true), htmlToPlainText(newer.html, true)),
  };
}
