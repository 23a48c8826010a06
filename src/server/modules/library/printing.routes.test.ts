import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPrintJob } from '../../../shared/library.ts';
import { createLibraryWorld, type LibraryWorld } from '../../test/library-world.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';

describe.each(TEST_DIALECTS)('printing procurement and quality (%s)', (dialect) => {
  let w: LibraryWorld;
  let job: TPrintJob;
  beforeAll(async () => {
    w = await createLibraryWorld(dialect);
  });
  afterAll(async () => w.t.close());

  it('a print job goes through proofs, press, deliveries and findings to acceptance', async () => {
    const res = await w.library.json<TPrintJob>('POST', '/api/library/print-jobs', {
      title: '临江县志（重印）',
      quantity: 500,
      specs: { format: '16开', sheets: '52', paper: '70克胶版纸', binding: '精装', colour: '单色' },
      supplier: '吉林省某印务有限公司',
      procurementRef: 'JLGP-2023-0416',
      unitPrice: 86.5,
      dueDate: '2023-05-31',
    });
    expect(res.status).toBe(201);
    job = res.body;
    expect(job).toMatchObject({ status: 'proofing', amount: 43250, delivered: 0 });
    expect(
      (await w.library.json<{ message: string }>('POST', `/api/library/print-jobs/${job.id}/press`)).body.message,
    ).toContain('还没有登记任何校样');
    await w.library.json('POST', `/api/library/print-jobs/${job.id}/events`, {
      kind: 'proof',
      text: '一校：改错 37 处',
      onDate: '2023-04-05',
    });
    const second = (
      await w.library.json<TPrintJob>('POST', `/api/library/print-jobs/${job.id}/events`, {
        kind: 'proof',
        text: '二校：改错 6 处',
        onDate: '2023-04-12',
      })
    ).body;
    expect(second.events.map((e) => e.round)).toEqual([1, 2]);
    expect((await w.library.json<TPrintJob>('POST', `/api/library/print-jobs/${job.id}/press`)).body.status).toBe(
      'printing',
    );
    expect(
      (
        await w.library.json('POST', `/api/library/print-jobs/${job.id}/events`, {
          kind: 'proof',
          text: '三校',
          onDate: '2023-04-20',
        })
      ).status,
    ).toBe(409);
    const part = (
      await w.library.json<TPrintJob>('POST', `/api/library/print-jobs/${job.id}/events`, {
        kind: 'delivery',
        quantity: 300,
        onDate: '2023-05-20',
      })
    ).body;
    expect(part).toMatchObject({ status: 'printing', delivered: 300 });
    const over = await w.library.json<{ message: string }>('POST', `/api/library/print-jobs/${job.id}/events`, {
      kind: 'delivery',
      quantity: 201,
      onDate: '2023-05-25',
    });
    expect(over.body.message).toContain('超过印数 500 册');
    const finding = (
      await w.library.json<TPrintJob>('POST', `/api/library/print-jobs/${job.id}/events`, {
        kind: 'finding',
        severity: '一般',
        clause: '合同第五条 装订质量',
        text: '12 册书脊开胶',
        onDate: '2023-05-22',
      })
    ).body;
    expect(finding.openFindings).toBe(1);
    await w.library.json('POST', `/api/library/print-jobs/${job.id}/events`, {
      kind: 'delivery',
      quantity: 200,
      onDate: '2023-05-28',
    });
    const blocked = await w.library.json<{ message: string }>('POST', `/api/library/print-jobs/${job.id}/accept`);
    expect(blocked.body.message).toContain('还有 1 个质量问题未处理');
    const f = finding.events.find((e) => e.kind === 'finding')!;
    await w.library.json('POST', `/api/library/print-findings/${f.id}/resolve`);
    expect((await w.library.json<TPrintJob>('POST', `/api/library/print-jobs/${job.id}/accept`)).body.status).toBe(
      'accepted',
    );
  });

  it('city and county offices cannot see or manage printing', async () => {
    expect((await w.changchun.json('GET', '/api/library/print-jobs')).status).toBe(403);
    expect((await w.chaoyang.json('POST', '/api/library/print-jobs', { title: 'x' })).status).toBe(403);
    const late = (
      await w.library.json<TPrintJob>('POST', '/api/library/print-jobs', {
        title: '吉林年鉴（2023）',
        quantity: 100,
        specs: {},
        supplier: '某厂',
        unitPrice: 100,
        dueDate: '2023-03-01',
      })
    ).body;
    expect(late.isLate).toBe(true);
  });
});
