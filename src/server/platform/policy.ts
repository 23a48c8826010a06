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
  'notification.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff', 'expert'],
  'notification.configure': ['admin'],
  'reminder.run': ['admin', 'supervisor'],
  // 任务督办, the data-free half of the report decisions (the unit half is in modules/supervision/task-access.ts):
  // a unit head approves or returns reports of the head's own unit; a supervisor may return (never approve) any report.
  'report.approve': ['unit_head'],
  'report.return_any': ['supervisor'],
  // 编纂: every role may open the projects it belongs to; leaders, supervisors and admins read all of them. Creating a
  // project is for the committee's offices and the city/county offices; writing for anyone working in one (a leader
  // reads). Project roles (主编 … 承编单位联络员) are checked on top of these in modules/compilation/project-access.ts.
  'compile.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'compile.read_all': ['admin', 'leader', 'supervisor'],
  'compile.create': ['admin', 'supervisor', 'unit_head', 'local_staff'],
  'compile.write': ['admin', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  // The administrator may fix a project's roles when its editors have left; nothing else beyond the project roles.
  'compile.administer': ['admin'],
  // Publication into the gazetteer database changes what the public reads.
  'compile.publish': ['admin', 'supervisor'],
  // The 督办 loop (issue 10): 签收 by the responsible units, 申请办结 by the lead unit (the supervisor decides with
  // 'task.close'), 领导批示 written by leaders and answered by the units; who has not acknowledged is the supervisors'.
  'task.ack': ['unit_head', 'unit_staff'],
  'ack.read': ['admin', 'leader', 'supervisor'],
  'closure.request': ['unit_head', 'unit_staff'],
  'closure.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff'],
  'instruction.write': ['leader'],
  'instruction.answer': ['unit_head', 'unit_staff'],
  // Gaps of the 督办 loop (issue 10): a task's own start date (planned progress counts from it) is the supervisors'.
  'task.schedule': ['admin', 'supervisor'],
  // 方志馆 and the offices (issue 14). Which offices' data an actor reaches is decided by modules/library/office-access.ts:
  // a city or county office user only ever reaches its own office (and a 市州 its counties); `office.province_wide`
  // is the roles that act for the province when their unit is not a local office.
  'office.province_wide': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff'],
  'holding.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'holding.manage': ['admin', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'acquisition.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff'],
  'acquisition.manage': ['admin', 'supervisor', 'unit_head', 'unit_staff'],
  'library.bind_indicator': ['admin', 'supervisor'],
  'distribution.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'distribution.manage': ['admin', 'supervisor', 'unit_head', 'unit_staff'],
  'distribution.receive': ['unit_head', 'unit_staff', 'local_staff'],
  // 资料年报: the province designs forms and opens cycles; offices fill; a 市州 reviews its counties, the province accepts.
  'datareport.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'datareport.define': ['admin', 'supervisor', 'unit_head', 'unit_staff'],
  'datareport.fill': ['local_staff'],
  'datareport.review': ['supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  // 资料室/方志馆评估: offices assess themselves, a 市州 reviews its counties, the province inspects on site and grades.
  'evaluation.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'evaluation.define': ['admin', 'supervisor', 'unit_head', 'unit_staff'],
  'evaluation.self': ['local_staff'],
  'evaluation.review': ['supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'evaluation.inspect': ['supervisor', 'unit_head', 'unit_staff'],
  // 印刷采购与质量: the province's print jobs.
  'printing.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff'],
  'printing.manage': ['admin', 'supervisor', 'unit_head', 'unit_staff'],
  // 省情数据库 for scholars (issue 16): every signed-in reader keeps their own saved searches and history.
  'search.save': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  // 评审 (issue 13): review rounds. Which rounds a person reaches is decided in modules/review/round-access.ts: a panel
  // member their rounds (an external expert, role `expert`, nothing else in the app), the project's editors their book's.
  'round.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff', 'expert'],
  'round.read_all': ['admin', 'leader', 'supervisor'],
  'round.manage': ['admin', 'supervisor', 'unit_head', 'unit_staff', 'local_staff'],
  'round.opine': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff', 'expert'],
  // 评审 (issue 13), evaluation campaigns and score sheets: the province runs campaigns and keeps the 评分表; city and
  // county offices enter their volumes; experts score only what they were assigned. Which campaigns and entries each
  // one reaches is decided in modules/evaluation/campaign-access.ts.
  'campaign.read': ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff', 'expert'],
  'campaign.manage': ['admin', 'supervisor', 'unit_head', 'unit_staff'],
  'campaign.enter': ['local_staff'],
  'campaign.score': ['expert'],
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
  // 编纂 from the command line (bin/fangzhi compile …).
  'compile.read',
  'compile.read_all',
  'compile.create',
  'compile.write',
  'compile.publish',
  // 方志馆: the operator's `holdings` commands.
  'holding.read',
  'holding.manage',
  // 资料年报: `datareport template` and `datareport validate`.
  'datareport.read',
  // 评审: `review campaign list`.
  'campaign.read',
]);

/** Throws `FORBIDDEN` unless the principal may perform `action`: a user by role, the system by `SYSTEM_ACTIONS`. */
export function authorize(principal: Principal | Pick<Actor, 'roles'>, action: Action): void {
  if ('kind' in principal && principal.kind === 'system') {
    if (!SYSTEM_ACTIONS.has(action)) throw new AppError('FORBIDDEN');
    return;
  }
  if (!can(principal as Pick<Actor, 'roles'>, action)) throw new AppError('FORBIDDEN');
}

/** Whether the principal may perform `action` (for reads whose scope depends on it), by the same rules as `authorize`. */
export function isAllowed(principal: Principal, action: Action): boolean {
  if (principal.kind === 'system') return SYSTEM_ACTIONS.has(action);
  return can(principal, action);
}

/** The actions the actor may perform, sent to the web app so it can hide what the server would refuse anyway. */
export function permittedActions(actor: Pick<Actor, 'roles'>): Action[] {
  return (Object.keys(POLICY) as Action[]).filter((action) => can(actor, action));
}
