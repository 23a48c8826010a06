import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS } from './audit.ts';

/** Every `action: '…'` the server writes to the audit log (ternaries included), found in its source. */
function auditActionsInSource(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const a of auditActionsInSource(file)) found.add(a);
      continue;
    }
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const text = fs.readFileSync(file, 'utf8');
    // `action: 'a.b'` and `action: cond ? 'a.b' : 'c.d'`
    for (const m of text.matchAll(
      /\baction:\s*(?:[^'\n,{}]*\?\s*)?'([a-z_]+\.[a-z_]+)'(?:\s*:\s*'([a-z_]+\.[a-z_]+)')?/g,
    )) {
      found.add(m[1]!);
      if (m[2]) found.add(m[2]);
    }
  }
  return found;
}

describe('AUDIT_ACTION_LABELS', () => {
  it('translates every action the server records, so the 审计日志 never shows "book.ingest"', () => {
    const actions = auditActionsInSource(path.join(import.meta.dirname, '../server'));
    expect(actions.size).toBeGreaterThan(40);
    expect([...actions].filter((a) => !(a in AUDIT_ACTION_LABELS)).sort()).toEqual([]);
  });
});
