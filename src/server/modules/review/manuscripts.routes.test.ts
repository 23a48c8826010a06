import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph } from 'docx';
import type { TManuscript, TRoundView, TTextItem } from '../../../shared/review.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { buildCompilationWorld, type CompilationWorld } from '../../test/compilation-fixture.ts';
import { fileForm } from '../../test/world.ts';
import { closePlanExtractWorkers } from '../workplan/extract-isolated.ts';

type Err = { code: string; message: string };

/** A city's yearbook compiled elsewhere, as a .docx (our own sentences). */
async function cityYearbook(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph('长春年鉴（2023）'),
          new Paragraph('概况'),
          new Paragraph('2023年，全市地区生产总值增长6.9%。'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe.each(TEST_DIALECTS)('uploaded manuscripts (%s)', (dialect) => {
  let t: TestApp;
  let w: CompilationWorld;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildCompilationWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await closePlanExtractWorkers();
  });

  it('reads a .docx in the isolated reader, keeps the file and reviews it without a compilation project', async () => {
    const office = await w.person('city', ['local_staff'], '资料处');
    const bytes = await cityYearbook();
    const form = fileForm('长春年鉴2023.docx', bytes);
    form.set('title', '长春年鉴（2023）');
    const res = await office.client.request('POST', '/api/review/manuscripts', form);
    expect(res.status).toBe(201);
    const ms = (await res.json()) as TManuscript;
    expect(ms.title).toBe('长春年鉴（2023）');
    const noKind = await office.client.json<Err>('POST', '/api/review/rounds', {
      stage: 'final_review',
      manuscriptId: ms.id,
      conveningBody: '长春市地方志办公室',
    });
    expect(noKind.body.message).toContain('请选择书稿类型');
    const round = await office.client.json<TRoundView>('POST', '/api/review/rounds', {
      stage: 'final_review',
      kind: 'yearbook',
      manuscriptId: ms.id,
      conveningBody: '长春市地方志办公室',
    });
    expect(round.status).toBe(201);
    expect(round.body.conditions.find((c) => c.label === '外来书稿')?.met).toBe(true);
    const text = (await office.client.json<TTextItem[]>('GET', `/api/review/rounds/${round.body.id}/text`)).body;
    expect(text[0]!.text).toContain('地区生产总值增长6.9%');
    const original = await office.client.request('GET', `/api/review/rounds/${round.body.id}/manuscript`);
    expect(new Uint8Array(await original.arrayBuffer())).toEqual(bytes);
    // Another unit's office neither sees the round nor may use the manuscript.
    const other = await w.person('other', ['local_staff'], '省统计局');
    expect((await other.client.json('GET', `/api/review/rounds/${round.body.id}`)).status).toBe(404);
    expect(
      (
        await other.client.json('POST', '/api/review/rounds', {
          stage: 'final_review',
          kind: 'yearbook',
          manuscriptId: ms.id,
          conveningBody: '某办',
        })
      ).status,
    ).toBe(404);
  });

  it('refuses other file types with a clear message', async () => {
    const office = await w.person('city', ['local_staff'], '资料处');
    const res = await office.client.request(
      'POST',
      '/api/review/manuscripts',
      fileForm('书稿.txt', new TextEncoder().encode('正文')),
    );
    expect(res.status).toBe(415);
    expect(((await res.json()) as Err).message).toContain('.docx 或 .pdf');
  });
});
