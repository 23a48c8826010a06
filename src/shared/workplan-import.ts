import type { TPlanParseResult } from './workplan-parse.ts';
import type { TImportPlanRequest, TTaskInput, TUnitResolution, TUnitRef } from './workplan.ts';

/**
 * The import request a parse result becomes before anyone edits it: units resolved against the directory where they
 * matched, left by name otherwise (collectives, or unknown names the person must map or create). Used by the web
 * preview as its initial state and by `bin/fangzhi plan import`.
 */
export function toImportRequest(
  parse: TPlanParseResult,
  units: readonly TUnitResolution[],
  createUnknownUnits = false,
): TImportPlanRequest {
  const resolve = (name: string): TUnitRef => ({ name, unitId: units.find((u) => u.name === name)?.unitId ?? null });
  return {
    plan: {
      title: parse.plan.title,
      year: parse.plan.year,
      issuer: parse.plan.issuer,
      preamble: parse.plan.preamble,
      noticeTitle: parse.notice?.title || null,
      noticeDate: parse.notice?.date ?? null,
      noticeAddressees: parse.notice?.addressees ?? [],
    },
    sections: parse.sections.map((s) => ({
      ordinal: s.ordinal,
      title: s.title,
      tasks: s.tasks.map((t): TTaskInput => ({
        number: t.number,
        text: t.text,
        groupTitle: t.groupTitle ?? null,
        leadUnits: t.leadUnits.map(resolve),
        supportUnits: t.supportUnits.map(resolve),
        targets: t.targets.map(({ span: _span, ...rest }) => rest),
        deadline: {
          date: t.deadline.date,
          explicit: t.deadline.explicit,
          text: t.deadline.text,
          ...(t.deadline.continuous ? { continuous: true } : {}),
        },
        references: { titles: t.references.titles, places: t.references.places },
        leaders: t.leaders ?? [],
      })),
    })),
    createUnknownUnits,
    confirmedDrops: [],
  };
}

/** Problems a person must see before confirming: unknown units and tasks without a responsible unit. */
export function findImportProblems(request: TImportPlanRequest, units: readonly TUnitResolution[]): string[] {
  const problems: string[] = [];
  const unknown = new Set<string>();
  for (const section of request.sections) {
    for (const task of section.tasks) {
      if (task.leadUnits.length === 0 && task.supportUnits.length === 0)
        problems.push(`第 ${task.number} 项未标明责任单位`);
      for (const ref of [...task.leadUnits, ...task.supportUnits]) {
        if (ref.unitId === null && units.find((u) => u.name === ref.name)?.kind !== 'collective') unknown.add(ref.name);
      }
    }
  }
  for (const name of unknown) {
    problems.unshift(`单位“${name}”不在组织机构中：请对应到已有单位，或确认时选择“新建这些单位”`);
  }
  return problems;
}
