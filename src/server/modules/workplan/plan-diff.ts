import type { TPlanDiff, TTaskInput } from '../../../shared/workplan.ts';

/** The comparable face of a task, saved or newly parsed: what a revised document can change. */
export interface TaskFace {
  number: string;
  text: string;
  lead: string[];
  support: string[];
  targets: string[];
  deadline: string;
}

export function faceOfInput(t: TTaskInput): TaskFace {
  return {
    number: t.number,
    text: t.text,
    lead: t.leadUnits.map((u) => u.name),
    support: t.supportUnits.map((u) => u.name),
    targets: t.targets.map((g) => g.text),
    deadline: t.deadline.date,
  };
}

const FIELD_LABELS: [keyof Omit<TaskFace, 'number'>, string][] = [
  ['text', '任务内容'],
  ['lead', '牵头单位'],
  ['support', '配合单位'],
  ['targets', '量化指标'],
  ['deadline', '完成时限'],
];

/** What a revised plan changes, task by task (matched by number): added, removed, and which fields changed. */
export function diffPlans(saved: readonly TaskFace[], revised: readonly TaskFace[]): TPlanDiff {
  const before = new Map(saved.map((t) => [t.number, t]));
  const after = new Map(revised.map((t) => [t.number, t]));
  const diff: TPlanDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const t of revised) {
    const old = before.get(t.number);
    if (!old) {
      diff.added.push(t.number);
      continue;
    }
    const fields = FIELD_LABELS.filter(([key]) => JSON.stringify(old[key]) !== JSON.stringify(t[key])).map(([, label]) => label);
    if (fields.length > 0) diff.changed.push({ number: t.number, fields });
    else diff.unchanged += 1;
  }
  for (const t of saved) if (!after.has(t.number)) diff.removed.push(t.number);
  return diff;
}
