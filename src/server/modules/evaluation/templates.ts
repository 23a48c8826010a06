import { AppError } from '../../../shared/errors.ts';
import { ZTemplateInput, type TScoreTemplate, type TTemplateInput } from '../../../shared/evaluation.ts';
import { ZScoreSheet } from '../../../shared/evaluation-score.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { userIdOf } from '../library/audit-actor.ts';
import { assertManages, resolveViewer } from './campaign-access.ts';
import {
  findTemplate,
  findTemplates,
  insertTemplate,
  latestTemplateVersion,
  templateIdsInUse,
  updateTemplateDefinition,
  type ScoreTemplateRow,
} from './evaluation.repository.ts';

type Deps = { db: Db; clock: Clock };

export function presentTemplate(t: ScoreTemplateRow, inUse: ReadonlySet<number>): TScoreTemplate {
  return {
    id: t.id,
    name: t.name,
    version: t.version,
    definition: ZScoreSheet.parse(JSON.parse(t.definition_json)),
    frozen: inUse.has(t.id),
    createdAt: t.created_at,
  };
}

export async function listTemplates(deps: Deps, principal: Principal): Promise<TScoreTemplate[]> {
  authorize(principal, 'campaign.manage');
  assertManages(await resolveViewer(deps.db, principal));
  const inUse = await templateIdsInUse(deps.db);
  return (await findTemplates(deps.db)).map((t) => presentTemplate(t, inUse));
}

/**
 * Saves a 评分表. New name → version 1. `baseId` given: the template is edited in place while no campaign uses it;
 * once used it is frozen and the edit becomes the next version under the same name (campaigns keep theirs).
 */
export async function saveTemplate(
  deps: Deps,
  principal: Principal,
  baseId: number | null,
  input: TTemplateInput,
): Promise<TScoreTemplate> {
  authorize(principal, 'campaign.manage');
  assertManages(await resolveViewer(deps.db, principal));
  const v = ZTemplateInput.parse(input);
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const base = baseId === null ? undefined : await findTemplate(trx, baseId);
    if (baseId !== null && !base) throw new AppError('NOT_FOUND', '要修改的评分表不存在。');
    if (base && base.name !== v.name)
      throw new AppError('VALIDATION_FAILED', '修改评分表时不能改名；要用新名称请新建评分表。');
    const frozen = base ? (await templateIdsInUse(trx)).has(base.id) : false;
    let id: number;
    let version: number;
    if (base && !frozen) {
      id = base.id;
      version = base.version;
      await updateTemplateDefinition(trx, id, JSON.stringify(v.definition), now);
    } else {
      version = (await latestTemplateVersion(trx, v.name)) + 1;
      if (!base && version > 1)
        throw new AppError('CONFLICT', `已有名为“${v.name}”的评分表，请在它的基础上修改（会生成新版本）或换一个名称。`);
      id = await insertTemplate(trx, {
        name: v.name,
        version,
        definition_json: JSON.stringify(v.definition),
        created_by: userIdOf(principal),
        created_at: now,
        updated_at: now,
      });
    }
    await recordAudit(trx, deps.clock, principal, {
      action: 'score_template.save',
      entityType: 'score_template',
      entityId: id,
      summary: `评分表“${v.name}”第 ${version} 版${base && !frozen ? '（修改）' : ''}`,
      after: v,
    });
    return id;
  });
  return presentTemplate((await findTemplate(deps.db, id))!, await templateIdsInUse(deps.db));
}
