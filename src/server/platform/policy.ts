import { AppError } from '../../shared/errors.ts';
import type { TRole } from '../../shared/auth.ts';
import type { Actor, Principal } from './auth/actor.ts';

/**
 * The one place that decides who may do what. Every service calls `authorize` before anything else.
 * Actions are listed per role, declaratively; a role not listed for an action is refused (403).
 */
export const POLICY = {
  'user.read': ['admin', 'leader', 'supervisor'],
  'user.manage': ['admin'],
  'unit.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'unit.manage': ['admin'],
  'audit.read': ['admin', 'leader'],
  'book.read_all': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'book.manage': ['admin', 'supervisor'],
  'plan.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'plan.import': ['admin', 'supervisor'],
  // Documents in official format (任务分解表 .xlsx, 进展通报 and 工作总结 .docx) cover every unit's work.
  'plan.export': ['admin', 'leader', 'supervisor'],
  // Leader dashboard, Gantt groups and 绩效考评: leaders read everything, supervisors edit the rules, leaders score quality.
  'dashboard.read': ['admin', 'leader', 'supervisor'],
  'assessment.read': ['admin', 'leader', 'supervisor'],
  'assessment.edit_rules': ['admin', 'supervisor'],
  'assessment.score_quality': ['leader'],
  // 任务督办: settings and roadmaps; the unit check (the actor's unit is on the task) is in the reports module's task-access.ts.
  'task.read_all': ['admin', 'leader', 'supervisor'],
  'supervision.configure': ['admin', 'supervisor'],
  'roadmap.edit': ['admin', 'supervisor', 'unit_head', 'unit_staff'],
  'report.file': ['unit_head', 'unit_staff'],
  // Unit heads approve or return their own unit's reports; supervisors may return any report (never approve).
  'report.decide': ['unit_head', 'supervisor'],
  // 督办: lights (units see only their own tasks), 催办/督办单 and 办结 by supervisors, 延期 requested by the lead unit and
  // decided by a leader; everyone has a notification centre; only the administrator configures the outbound channels.
  'lights.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff'],
  'task.chase': ['supervisor'],
  'chase.answer': ['unit_head', 'unit_staff'],
  'task.close': ['supervisor'],
  'extension.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff'],
  'extension.request': ['unit_head', 'unit_staff'],
  'extension.decide': ['leader'],
  'notification.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'notification.configure': ['admin'],
  'reminder.run': ['admin', 'supervisor'],
  // 省情数据库 for scholars (issue 16): every signed-in reader keeps their own saved searches and history.
  'search.save': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
} as const satisfies Record<string, readonly TRole[]>;

export type Action = keyof typeof POLICY;

export function can(actor: Pick<Actor, 'roles'>, action: Action): boolean {
  const allowed: readonly TRole[] = POLICY[action];
  return actor.roles.some((role) => allowed.includes(role));
}

/**
 * What the system actor (the operator's command line on the server, scheduled jobs) may do. Nothing else: a route can
 * never hold a system actor, so an HTTP request cannot reach these through it.
 */
export const SYSTEM_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'user.read',
  'user.manage',
  'unit.read',
  'unit.manage',
  'book.read_all',
  'book.manage',
  'plan.read',
  'plan.import',
  'plan.export',
  'reminder.run',
]);

/** Throws `FORBIDDEN` unless the principal may perform `action`: a user by role, the system by `SYSTEM_ACTIONS`. */
export function authorize(principal: Principal | Pick<Actor, 'roles'>, action: Action): void {
  if ('kind' in principal && principal.kind === 'system') {
    if (!SYSTEM_ACTIONS.has(action)) throw new AppError('FORBIDDEN');
    return;
  }
  if (!can(principal as Pick<Actor, 'roles'>, action)) throw new AppError('FORBIDDEN');
}

/** The actions the actor may perform, sent to the web app so it can hide what the server would refuse anyway. */
export function permittedActions(actor: Pick<Actor, 'roles'>): Action[] {
  return (Object.keys(POLICY) as Action[]).filter((action) => can(actor, action));
}
