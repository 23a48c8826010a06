/**
 * 专家分配 with conflict avoidance (回避), pure: no I/O. Each entry gets `perEntry` experts. The experts of the entry's
 * own group come first; an expert whose affiliation region is the entry's region is never given it (回避), and the
 * places they leave are filled from other groups (跨组调配), least-loaded first, then by id, so the result is the same
 * for the same input. When an entry cannot get `perEntry` experts from outside its region, nothing is assigned and
 * every such entry is reported with how many experts it could get.
 */

export interface AssignEntry {
  id: number;
  /** The 市州 (or province-level unit) the entry comes from. */
  regionId: number;
  groupId: number | null;
}
export interface AssignExpert {
  id: number;
  regionId: number;
  groupId: number | null;
}
export interface Assignment {
  entryId: number;
  expertId: number;
  /** True when the expert came from another group because of 回避 or too few experts in the entry's group. */
  crossGroup: boolean;
}
export interface Avoided {
  entryId: number;
  expertId: number;
}
export type AssignResult =
  | { ok: true; assignments: Assignment[]; avoided: Avoided[] }
  | { ok: false; problems: { entryId: number; needed: number; available: number }[]; avoided: Avoided[] };

export function assignExperts(
  entries: readonly AssignEntry[],
  experts: readonly AssignExpert[],
  perEntry: number,
): AssignResult {
  if (!Number.isInteger(perEntry) || perEntry < 1) throw new Error('perEntry must be a positive integer');
  const load = new Map(experts.map((x) => [x.id, 0]));
  const assignments: Assignment[] = [];
  const avoided: Avoided[] = [];
  const problems: { entryId: number; needed: number; available: number }[] = [];
  // Entries with the fewest eligible experts go first, so scarce experts are not used up by easy entries.
  const eligible = (e: AssignEntry) => experts.filter((x) => x.regionId !== e.regionId);
  const order = [...entries].sort((a, b) => eligible(a).length - eligible(b).length || a.id - b.id);
  for (const e of order) {
    for (const x of experts)
      if (x.regionId === e.regionId && x.groupId === e.groupId) avoided.push({ entryId: e.id, expertId: x.id });
    const candidates = eligible(e).sort(
      (a, b) =>
        Number(a.groupId !== e.groupId) - Number(b.groupId !== e.groupId) ||
        load.get(a.id)! - load.get(b.id)! ||
        a.id - b.id,
    );
    if (candidates.length < perEntry) {
      problems.push({ entryId: e.id, needed: perEntry, available: candidates.length });
      continue;
    }
    for (const x of candidates.slice(0, perEntry)) {
      load.set(x.id, load.get(x.id)! + 1);
      assignments.push({ entryId: e.id, expertId: x.id, crossGroup: x.groupId !== e.groupId });
    }
  }
  avoided.sort((a, b) => a.entryId - b.entryId || a.expertId - b.expertId);
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.entryId - b.entryId), avoided };
  assignments.sort((a, b) => a.entryId - b.entryId || a.expertId - b.expertId);
  return { ok: true, assignments, avoided };
}
