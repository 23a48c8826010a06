/**
 * A signed-in reader's saved searches and search history. Each belongs to its reader alone: nobody else lists or deletes
 * it. Saving and deleting are audited like any change; history entries are not (they are recorded on every search and
 * say nothing an auditor needs), and only the newest 50 are kept.
 */
import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type { TSavedSearch, ZSavedSearchCreate } from '../../../shared/gazetteer-bib.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { deleteSavedSearch, findSavedSearches, insertSavedSearch, pruneSearchHistory } from './gazetteer.repository.ts';
import type { GazetteerDeps } from './read-books.ts';

const HISTORY_KEPT = 50;

function present(row: {
  id: number;
  kind: string;
  name: string | null;
  query: string;
  created_at: string;
}): TSavedSearch {
  return {
    id: row.id,
    kind: row.kind === 'saved' ? 'saved' : 'history',
    name: row.name,
    query: row.query,
    createdAt: row.created_at,
  };
}

export async function listSavedSearches(
  deps: Pick<GazetteerDeps, 'db'>,
  actor: Actor,
): Promise<{ saved: TSavedSearch[]; history: TSavedSearch[] }> {
  authorize(actor, 'search.save');
  const [saved, history] = await Promise.all([
    findSavedSearches(deps.db, actor.userId, 'saved', 200),
    findSavedSearches(deps.db, actor.userId, 'history', HISTORY_KEPT),
  ]);
  return { saved: saved.map(present), history: history.map(present) };
}

export async function saveSearch(
  deps: Pick<GazetteerDeps, 'db' | 'clock'>,
  actor: Actor,
  input: z.output<typeof ZSavedSearchCreate>,
): Promise<TSavedSearch> {
  authorize(actor, 'search.save');
  return deps.db.transaction().execute(async (trx) => {
    const row = {
      user_id: actor.userId,
      kind: 'saved',
      name: input.name,
      query: input.query,
      created_at: deps.clock.now().toISOString(),
    };
    const id = await insertSavedSearch(trx, row);
    await recordAudit(trx, deps.clock, actor, {
      action: 'search.save',
      entityType: 'saved_search',
      entityId: id,
      summary: `保存检索“${input.name}”`,
      after: row,
    });
    return present({ id, ...row });
  });
}

export async function recordSearchHistory(
  deps: Pick<GazetteerDeps, 'db' | 'clock'>,
  actor: Actor,
  query: string,
): Promise<void> {
  authorize(actor, 'search.save');
  await deps.db.transaction().execute(async (trx) => {
    await pruneSearchHistory(trx, actor.userId, query, HISTORY_KEPT - 1);
    await insertSavedSearch(trx, {
      user_id: actor.userId,
      kind: 'history',
      name: null,
      query,
      created_at: deps.clock.now().toISOString(),
    });
  });
}

export async function removeSavedSearch(
  deps: Pick<GazetteerDeps, 'db' | 'clock'>,
  actor: Actor,
  id: number,
): Promise<void> {
  authorize(actor, 'search.save');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await deleteSavedSearch(trx, actor.userId, id)))
      throw new AppError('NOT_FOUND', `没有编号为 ${id} 的检索记录（或它不属于您）。`);
    await recordAudit(trx, deps.clock, actor, {
      action: 'search.delete',
      entityType: 'saved_search',
      entityId: id,
      summary: `删除检索记录 ${id}`,
    });
  });
}
