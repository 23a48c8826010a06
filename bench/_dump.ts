import { readFileSync } from 'node:fs';
import { parsePlan } from '../src/server/modules/workplan/parse/parse-plan.ts';
for (const f of process.argv.slice(2)) {
  try {
    const r = parsePlan(readFileSync(f, 'utf8'));
    console.log('==', f, '| title:', r.plan.title, '| year:', r.plan.year, '| notice:', r.notice?.date, r.notice?.title, '| issuer:', r.plan.issuer);
    for (const s of r.sections) {
      console.log(' §', s.ordinal, s.title);
      for (const t of s.tasks) console.log('   ', t.number, JSON.stringify(t.text).slice(0, 70), 'L', t.leadUnits.join('/'), 'S', t.supportUnits.join('/'), 'P', (t.leaders ?? []).join('/'), 'T', t.targets.map((x) => x.text + ':' + x.comparator + ':' + (x.value ?? x.min + '-' + x.max)).join(','), 'D', t.deadline.date, t.deadline.explicit, t.deadline.continuous ?? '', t.deadline.text, t.groupTitle ?? '');
    }
    if (r.warnings.length) console.log('  W', r.warnings.join(' | '));
  } catch (e) { console.log('==', f, 'ERR', (e as Error).message); }
}
