import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/database.ts';
import { createTestDatabase, TEST_DIALECTS } from '../../test/test-db.ts';
import { findOpenAssignmentsDueBy, findOpenAssignmentsFor, insertAssignment } from './assignment.repository.ts';
import { countVersionsOfNodes, findLatestVersionsOfProject, insertDraftVersion } from './draft.repository.ts';
import { findNodeRows, insertNode, writeSiblingOrder } from './outline.repository.ts';
import { countNodes, findProjectRowsFor, insertMember, insertProject } from './project.repository.ts';
import { insertUnit } from '../org/org.repository.ts';
import { insertUser } from '../users/users.repository.ts';

const NOW = '2024-01-01T00:00:00.000Z';

describe.each(TEST_DIALECTS)('compilation repositories (%s)', (dialect) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await createTestDatabase(dialect);
  });
  afterEach(async () => h.close());

  const project = (title: string, ownerUnitId: number | null) =>
    insertProject(h.db, {
      kind: 'chronicle',
      title,
      year: null,
      previous_id: null,
      owner_unit_id: ownerUnitId,
      outline_state: 'editing',
      task_id: null,
      scope: null,
      lower_limit: null,
      upper_limit: null,
      target_chars: null,
      style_guide: null,
      organisation: null,
      stages_json: '[]',
      rules_json: null,
      published_book_id: null,
      created_by: null,
      created_at: NOW,
      updated_at: NOW,
    });
  const node = (projectId: number, parentId: number | null, title: string) =>
    insertNode(h.db, {
      project_id: projectId,
      parent_id: parentId,
      sort_order: 0,
      level: '章',
      title,
      genre: '志',
      matter: 'body',
      owner_unit_id: null,
      writer_id: null,
      word_budget: null,
      status: 'planned',
      approved_at: null,
      carried_from_id: null,
      is_carried: 0,
      created_at: NOW,
      updated_at: NOW,
    });
  const version = (nodeId: number, v: number, text: string) =>
    insertDraftVersion(h.db, {
      node_id: nodeId,
      version: v,
      html: `<p>${text}</p>`,
      plain_text: text,
      char_count: text.length,
      source: 'editor',
      source_name: null,
      restored_from: null,
      note: null,
      created_by: null,
      created_by_name: '测试',
      created_at: NOW,
    });

  it('finds the latest version of every node, counts versions and nodes, and orders siblings', async () => {
    const p = await project('甲县志', null);
    const a = await node(p, null, '自然');
    const b = await node(p, null, '人口');
    const c = await node(p, a, '地貌');
    await version(a, 1, '一稿');
    await version(a, 2, '二稿');
    await version(c, 1, '地貌稿');
    const latest = await findLatestVersionsOfProject(h.db, p);
    expect(latest.map((v) => [v.node_id, v.version, v.plain_text]).sort()).toEqual(
      [
        [a, 2, '二稿'],
        [c, 1, '地貌稿'],
      ].sort(),
    );
    expect(await countVersionsOfNodes(h.db, [a, b, c])).toBe(3);
    expect((await countNodes(h.db, [p])).get(p)).toBe(3);
    await writeSiblingOrder(h.db, null, [b, a], NOW);
    expect(
      (await findNodeRows(h.db, p))
        .filter((r) => r.parent_id === null)
        .sort((x, y) => x.sort_order - y.sort_order)
        .map((r) => r.title),
    ).toEqual(['人口', '自然']);
  });

  it('finds the projects of a member, of an owner unit and of a unit liaison; open assignments by person, unit and date', async () => {
    const unit = {
      id: await insertUnit(
        h.db,
        {
          name: '统计局',
          kind: 'department',
          parentId: null,
          divisionCode: null,
          managedById: null,
          sortOrder: 0,
          isActive: true,
          note: null,
        },
        NOW,
      ),
    };
    const user = {
      id: await insertUser(h.db, {
        username: 'u1',
        displayName: '用户',
        passwordHash: 'x',
        unitId: null,
        roles: ['unit_staff'],
        now: NOW,
      }),
    };
    const owned = await project('乙县志', unit.id);
    const member = await project('丙县志', null);
    const liaison = await project('丁县志', null);
    await project('戊县志', null);
    await insertMember(h.db, { project_id: member, user_id: user.id, role: 'writer', unit_id: null, created_at: NOW });
    await insertMember(h.db, {
      project_id: liaison,
      user_id: user.id,
      role: 'unit_liaison',
      unit_id: unit.id,
      created_at: NOW,
    });
    expect((await findProjectRowsFor(h.db, user.id, null)).map((p) => p.title).sort()).toEqual(['丁县志', '丙县志']);
    expect((await findProjectRowsFor(h.db, 999, unit.id)).map((p) => p.title).sort()).toEqual(['丁县志', '乙县志']);
    const n = await node(owned, null, '人口');
    await insertAssignment(h.db, {
      node_id: n,
      kind: 'write',
      unit_id: unit.id,
      user_id: null,
      due_date: '2024-03-01',
      done_at: null,
      created_by_name: '测试',
      created_at: NOW,
    });
    await insertAssignment(h.db, {
      node_id: n,
      kind: 'review',
      unit_id: null,
      user_id: user.id,
      due_date: '2024-05-01',
      done_at: null,
      created_by_name: '测试',
      created_at: NOW,
    });
    await insertAssignment(h.db, {
      node_id: n,
      kind: 'supply',
      unit_id: unit.id,
      user_id: null,
      due_date: '2024-02-01',
      done_at: NOW,
      created_by_name: '测试',
      created_at: NOW,
    });
    expect((await findOpenAssignmentsFor(h.db, user.id, [])).map((a) => a.kind)).toEqual(['review']);
    expect((await findOpenAssignmentsFor(h.db, 999, [unit.id])).map((a) => [a.kind, a.project_id])).toEqual([
      ['write', owned],
    ]);
    expect((await findOpenAssignmentsDueBy(h.db, '2024-03-31')).map((a) => a.kind)).toEqual(['write']);
  });
});
