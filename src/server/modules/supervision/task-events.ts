import type { TTaskEvent } from '../../../shared/reports.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { findTaskEvents, insertTaskEvent } from './task-events.repository.ts';

/** One line on the task's timeline. Call with the same transaction as the change. */
export async function recordTaskEvent(
  db: Db,
  clock: Clock,
  actor: Actor,
  e: {
    taskId: number;
    kind: string;
    summary: string;
    unitId?: number | null;
    reportId?: number | null;
    detail?: unknown;
  },
): Promise<number> {
  return insertTaskEvent(db, {
    task_id: e.taskId,
    kind: e.kind,
    actor_id: actor.userId,
    actor_name: actor.displayName,
    unit_id: e.unitId ?? null,
    report_id: e.reportId ?? null,
    summary: e.summary,
    detail_json: e.detail === undefined ? null : JSON.stringify(e.detail),
    occurred_at: clock.now().toISOString(),
  });
}

export async function loadTaskEvents(db: Db, taskId: number): Promise<TTaskEvent[]> {
  return (await findTaskEvents(db, taskId)).map((e) => ({
    id: e.id,
    kind: e.kind,
    actorName: e.actor_name,
    unitId: e.unit_id,
    reportId: e.report_id,
    summary: e.summary,
    detail: e.detail_json === null ? null : (JSON.parse(e.detail_json) as unknown),
    occurredAt: e.occurred_at,
  }));
}
