import { AppError } from '../../../shared/errors.ts';
import {
  ZRuleSettings,
  type TCheckReport,
  type TGenre,
  type TRuleProblem,
  type TRuleSettings,
} from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { findLatestVersionsOfProject } from './draft.repository.ts';
import { blockText, htmlToBlocks } from './drafts/draft-html.ts';
import { visibleNodes } from './get-outline.ts';
import { findNodeRows } from './outline.repository.ts';
import { buildTree, flattenTree, pathLabel } from './outline/outline-tree.ts';
import { loadProject, type ProjectAccess } from './project-access.ts';
import { updateProjectRow, type ProjectRow } from './project.repository.ts';
import { runRules } from './rules/run-rules.ts';
import type { RuleNode } from './rules/rule-input.ts';
import { validate } from './validate.ts';

export function ruleSettingsOf(project: Pick<ProjectRow, 'rules_json'>): TRuleSettings {
  return ZRuleSettings.parse(project.rules_json ? JSON.parse(project.rules_json) : {});
}

/** The rules' view of the nodes the actor sees (all, or only `onlyNodeId`), with each latest draft. */
async function ruleNodes(db: Db, access: ProjectAccess, onlyNodeId: number | null): Promise<RuleNode[]> {
  const rows = await findNodeRows(db, access.project.id);
  const all = flattenTree(buildTree(rows));
  const seen = visibleNodes(access, rows).filter((n) => onlyNodeId === null || n.row.id === onlyNodeId);
  const latest = new Map((await findLatestVersionsOfProject(db, access.project.id)).map((v) => [v.node_id, v]));
  return seen.map((n) => {
    const v = latest.get(n.row.id);
    const blocks = v ? htmlToBlocks(v.html) : [];
    return {
      id: n.row.id,
      parentId: n.row.parent_id,
      level: n.row.level,
      genre: n.row.genre as TGenre,
      title: n.row.title,
      path: pathLabel(all, n.row.id),
      wordBudget: n.row.word_budget,
      paragraphs: blocks
        .filter((b) => b.kind !== 'image')
        .flatMap((b) => (b.kind === 'table' ? blockText(b).split('\n') : [blockText(b)]))
        .filter((t) => t.trim()),
      chars: v?.char_count ?? 0,
      hasTable: blocks.some((b) => b.kind === 'table'),
      hasImage: blocks.some((b) => b.kind === 'image'),
    };
  });
}

export async function problemsOfNode(db: Db, access: ProjectAccess, nodeId: number): Promise<TRuleProblem[]> {
  const p = access.project;
  return runRules(
    {
      yearbook: p.kind === 'yearbook',
      lowerLimit: p.lower_limit,
      upperLimit: p.upper_limit,
      settings: ruleSettingsOf(p),
    },
    await ruleNodes(db, access, nodeId),
  );
}

/** The whole book (what the actor may see): every enabled rule, every problem linked to its node and paragraph. */
export async function checkProject(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  projectId: number,
): Promise<TCheckReport> {
  const access = await loadProject(deps.db, principal, projectId, 'read');
  const p = access.project;
  const nodes = await ruleNodes(deps.db, access, null);
  return {
    checkedAt: deps.clock.now().toISOString(),
    nodeCount: nodes.length,
    problems: runRules(
      {
        yearbook: p.kind === 'yearbook',
        lowerLimit: p.lower_limit,
        upperLimit: p.upper_limit,
        settings: ruleSettingsOf(p),
      },
      nodes,
    ),
  };
}

export async function getRuleSettings(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
): Promise<TRuleSettings> {
  return ruleSettingsOf((await loadProject(deps.db, principal, projectId, 'read')).project);
}

/** Which rules run and the office's word lists (主编, 副主编). */
export async function updateRuleSettings(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  projectId: number,
  raw: unknown,
): Promise<TRuleSettings> {
  const settings = validate(ZRuleSettings, raw);
  const dupes = settings.bannedWords.filter((w) => settings.sensitiveWords.includes(w));
  if (dupes.length) throw new AppError('VALIDATION_FAILED', `“${dupes[0]}”同时在禁用词和敏感词中，请只保留一处。`);
  return deps.db.transaction().execute(async (trx) => {
    const { project } = await loadProject(trx, principal, projectId, 'manage');
    const clean = {
      ...settings,
      bannedWords: [...new Set(settings.bannedWords)],
      sensitiveWords: [...new Set(settings.sensitiveWords)],
    };
    await updateProjectRow(trx, projectId, {
      rules_json: JSON.stringify(clean),
      updated_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.rules.update',
      entityType: 'compile_project',
      entityId: projectId,
      summary: `修改《${project.title}》的检查规则（禁用词 ${clean.bannedWords.length} 个，敏感词 ${clean.sensitiveWords.length} 个）`,
      before: ruleSettingsOf(project),
      after: clean,
    });
    return clean;
  });
}
