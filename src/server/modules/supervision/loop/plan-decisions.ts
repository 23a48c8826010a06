import type { Db } from '../../../db/database.ts';
import { findUnitNamesByIds } from '../../org/org.repository.ts';
import { findCurrentTasks } from '../../workplan/workplan.repository.ts';
import { findExtensions } from '../actions/extensions.repository.ts';
import { findInstructionReplies, findInstructionsOfTasks } from './loop.repository.ts';

/** A leader's 批示 on a task with the units' answers, as a document quotes it. */
export interface InstructionDigest {
  taskId: number;
  authorName: string;
  text: string;
  createdAt: string;
  replies: { unitName: string; text: string; repliedAt: string }[];
}

/** A decided 延期 (approved or refused). */
export interface ExtensionDigest {
  taskId: number;
  unitName: string;
  reason: string;
  oldDate: string;
  newDate: string;
  approved: boolean;
  decidedAt: string;
  comment: string | null;
}

/**
 * The leaders' decisions on a plan's current tasks made between `from` and `to` (inclusive, YYYY-MM-DD): 批示 written
 * in the span with every answer given by `to`, and 延期 decided in the span. What the progress bulletin reports in
 * its text; read-only, for the documents module.
 */
export async function loadPlanDecisions(
  db: Db,
  planId: number,
  from: string,
  to: string,
): Promise<{ instructions: InstructionDigest[]; extensions: ExtensionDigest[] }> {
  const taskIds = (await findCurrentTasks(db, planId)).map((t) => t.id);
  const inSpan = (at: string | null) => at !== null && at.slice(0, 10) >= from && at.slice(0, 10) <= to;
  const [instructions, extensions] = await Promise.all([
    findInstructionsOfTasks(db, taskIds),
    findExtensions(db, { taskIds }),
  ]);
  const written = instructions.filter((i) => inSpan(i.created_at));
  const replies = (
    await findInstructionReplies(
      db,
      written.map((i) => i.id),
    )
  ).filter((r) => r.replied_at.slice(0, 10) <= to);
  const decided = extensions.filter((e) => e.status !== 'pending' && inSpan(e.decided_at));
  const units = await findUnitNamesByIds(db, [...replies.map((r) => r.unit_id), ...decided.map((e) => e.unit_id)]);
  return {
    instructions: written
      .sort((a, b) => a.created_at.localeCompare(b.created_at))
      .map((i) => ({
        taskId: i.task_id,
        authorName: i.author_name,
        text: i.text,
        createdAt: i.created_at,
        replies: replies
          .filter((r) => r.instruction_id === i.id)
          .map((r) => ({ unitName: units.get(r.unit_id) ?? '', text: r.text, repliedAt: r.replied_at })),
      })),
    extensions: decided
      .sort((a, b) => (a.decided_at ?? '').localeCompare(b.decided_at ?? ''))
      .map((e) => ({
        taskId: e.task_id,
        unitName: units.get(e.unit_id) ?? '',
        reason: e.reason,
        oldDate: e.old_date,
        newDate: e.new_date,
        approved: e.status === 'approved',
        decidedAt: e.decided_at!,
        comment: e.decision_comment,
      })),
  };
}
