import type { TPlanParseResult, TPlanTask } from '../../../../shared/workplan-parse.ts';

/**
 * The parser matches on a simplified copy of the text (same length, same offsets); what it returns must show the
 * characters the document was written in. Every string it produced is a subsequence of the folded text starting near
 * a known offset, so each character is replaced by the one written at the same place in the original.
 */
export function makeRestorer(original: string, folded: string): (text: string, from: number) => string {
  return (text, from) => {
    let out = '';
    let at = Math.max(0, from);
    for (const ch of text) {
      const found = folded.indexOf(ch, at);
      if (found >= 0 && found - at < 4000) {
        out += original.slice(found, found + ch.length);
        at = found + ch.length;
      } else out += ch;
    }
    return out;
  };
}

function restoreTask(task: TPlanTask, restore: (text: string, from: number) => string): void {
  const from = task.sourceSpan?.start ?? 0;
  task.text = restore(task.text, from);
  const nameAt = (name: string): number => task.unitMentions?.find((m) => m.name === name)?.span?.start ?? from;
  if (task.unitMentions)
    task.unitMentions = task.unitMentions.map((m) => ({ ...m, name: restore(m.name, m.span?.start ?? from) }));
  task.leadUnits = task.leadUnits.map((n) => restore(n, nameAt(n)));
  task.supportUnits = task.supportUnits.map((n) => restore(n, nameAt(n)));
  if (task.leaders) task.leaders = task.leaders.map((n) => restore(n, from));
  if (task.unitsText) task.unitsText = restore(task.unitsText, from);
  task.targets = task.targets.map((t) => ({ ...t, text: restore(t.text, t.span?.start ?? from) }));
  if (task.deadline.text)
    task.deadline = { ...task.deadline, text: restore(task.deadline.text, task.deadline.span?.start ?? from) };
  if (task.groupTitle) task.groupTitle = restore(task.groupTitle, 0);
  if (task.subItems) task.subItems = task.subItems.map((s) => ({ ...s, text: restore(s.text, s.span?.start ?? from) }));
  task.references = { ...task.references, titles: task.references.titles.map((t) => restore(t, from)) };
}

/** Rewrites every string of `result` (parsed from `folded`) in the characters of `original`. */
export function restoreWrittenCharacters(result: TPlanParseResult, original: string, folded: string): void {
  if (original === folded) return;
  const restore = makeRestorer(original, folded);
  if (result.notice) {
    const n = result.notice;
    result.notice = {
      ...n,
      title: restore(n.title, 0),
      issuer: n.issuer ? restore(n.issuer, 0) : null,
      addressees: n.addressees.map((a) => restore(a, 0)),
      body: n.body === undefined ? undefined : restore(n.body, 0),
    };
  }
  result.plan = {
    ...result.plan,
    title: restore(result.plan.title, 0),
    issuer: result.plan.issuer ? restore(result.plan.issuer, 0) : null,
    preamble: restore(result.plan.preamble, 0),
  };
  for (const section of result.sections) {
    section.title = restore(section.title, section.sourceSpan?.start ?? 0);
    for (const task of section.tasks) restoreTask(task, restore);
  }
}
