import type { TProject, TProjectView } from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import { authorize, can } from '../../platform/policy.ts';
import { describeAccess, loadProject } from './project-access.ts';
import { countNodes, findMemberRows, findProjectRows, findProjectRowsFor } from './project.repository.ts';
import { loadNames, presentMember, presentProject } from './present.ts';

type Deps = { db: Db };

export async function getProject(deps: Deps, principal: Principal, id: number): Promise<TProjectView> {
  const access = await loadProject(deps.db, principal, id, 'read');
  const names = await loadNames(deps.db);
  const counts = await countNodes(deps.db, [id]);
  return {
    project: presentProject(access.project, names, counts.get(id) ?? 0),
    members: (await findMemberRows(deps.db, id)).map((m) => presentMember(m, names)),
    access: describeAccess(access),
  };
}

/** Projects the principal may open: all of them for leaders, supervisors, admins and the system; else their own. */
export async function listProjects(deps: Deps, principal: Principal): Promise<TProject[]> {
  authorize(principal, 'compile.read');
  const rows =
    isSystemActor(principal) || can(principal, 'compile.read_all')
      ? await findProjectRows(deps.db)
      : await findProjectRowsFor(deps.db, principal.userId, principal.unitId);
  const names = await loadNames(deps.db);
  const counts = await countNodes(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentProject(r, names, counts.get(r.id) ?? 0));
}
