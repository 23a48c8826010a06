import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TEvalAssessment, TEvalTemplate, THoldingDetail } from '../../../shared/library.ts';
import { EVAL_TEMPLATE } from '../../test/eval-template.ts';
import { createLibraryWorld, type LibraryWorld } from '../../test/library-world.ts';
import type { TestClient } from '../../test/test-app.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const photo = (bytes: Uint8Array, indicatorKey: string, note?: string) => {
  const f = new FormData();
  f.set('file', new File([bytes as Uint8Array<ArrayBuffer>], '现场.jpg'));
  f.set('indicatorKey', indicatorKey);
  if (note) f.set('note', note);
  return f;
};

describe.each(TEST_DIALECTS)('资料室 evaluation (%s)', (dialect) => {
  let w: LibraryWorld;
  let province: TestClient;
  let template: TEvalTemplate;
  let a: TEvalAssessment;
  beforeAll(async () => {
    w = await createLibraryWorld(dialect);
    province = await w.t.signIn('zlc', ['unit_staff'], w.id('资料处'));
    template = (await province.json<TEvalTemplate>('POST', '/api/library/evaluation/templates', EVAL_TEMPLATE)).body;
    await w.chaoyang.json<THoldingDetail>('POST', '/api/library/holdings', {
      type: '志书',
      title: '朝阳区志',
      pubYear: 2010,
      copies: [
        { barcode: 'CY-1', acquisition: '呈缴', acquiredOn: '2023-01-01' },
        { barcode: 'CY-2', acquisition: '呈缴', acquiredOn: '2023-01-01' },
      ],
    });
  });
  afterAll(async () => w.t.close());

  it('templates are versioned and only the province defines them', async () => {
    const v2 = await province.json<TEvalTemplate>('POST', '/api/library/evaluation/templates', EVAL_TEMPLATE);
    expect(v2.body).toMatchObject({ name: '市县资料室评估标准', version: 2 });
    expect((await w.changchun.json('POST', '/api/library/evaluation/templates', EVAL_TEMPLATE)).status).toBe(403);
  });

  it('a county assesses itself with indicators computed from its holdings', async () => {
    const res = await w.chaoyang.json<TEvalAssessment>('POST', '/api/library/evaluations', {
      templateId: template.id,
      year: 2023,
    });
    expect(res.status).toBe(201);
    a = res.body;
    expect(a.computed).toEqual({ copies: { value: 2, score: 12.5 }, coverage: { value: 0, score: 0 } });
    const incomplete = await w.chaoyang.json<{ message: string }>('PUT', `/api/library/evaluations/${a.id}/self`, {
      scores: { room: { score: 15, note: '60 平方米' } },
      submit: true,
    });
    expect(incomplete.body.message).toContain('请先为以下指标自评打分');
    const tooHigh = await w.chaoyang.json<{ message: string }>('PUT', `/api/library/evaluations/${a.id}/self`, {
      scores: { staff: { score: 11, note: null } },
    });
    expect(tooHigh.body.message).toContain('满分 10 分');
    expect((await w.nanguan.json('PUT', `/api/library/evaluations/${a.id}/self`, { scores: {} })).status).toBe(403);
    const scores = {
      room: { score: 15, note: '60 平方米' },
      staff: { score: 8, note: null },
      service: { score: 16, note: null },
      rules: { score: 18, note: null },
    };
    expect(
      (await w.chaoyang.json<TEvalAssessment>('PUT', `/api/library/evaluations/${a.id}/self`, { scores, submit: true }))
        .body.status,
    ).toBe('submitted');
  });

  it('its 市州 reviews it; another 市州 and the province cannot skip the 市州', async () => {
    expect((await w.jilinCity.json('GET', `/api/library/evaluations/${a.id}`)).status).toBe(403);
    expect((await w.jilinCity.json('POST', `/api/library/evaluations/${a.id}/review`, { approve: true })).status).toBe(
      403,
    );
    expect((await province.json('POST', `/api/library/evaluations/${a.id}/review`, { approve: true })).status).toBe(
      409,
    );
    expect(
      (await w.changchun.json<TEvalAssessment>('POST', `/api/library/evaluations/${a.id}/review`, { approve: true }))
        .body.status,
    ).toBe('reviewed');
    expect((await w.changchun.json('PUT', `/api/library/evaluations/${a.id}/onsite`, { scores: {} })).status).toBe(403);
  });

  it('the province checks on site with photos, grades with rectification, re-checks and issues the certificate', async () => {
    const notPhoto = await province.request(
      'POST',
      `/api/library/evaluations/${a.id}/photos`,
      photo(new TextEncoder().encode('MZ not a photo'), 'room'),
    );
    expect(notPhoto.status).toBe(415);
    expect(
      (await province.request('POST', `/api/library/evaluations/${a.id}/photos`, photo(JPEG, 'room', '资料室全景')))
        .status,
    ).toBe(201);
    const onsite = {
      room: { score: 14, note: '实测 58 平方米' },
      staff: { score: 8, note: null },
      service: { score: 15, note: null },
      rules: { score: 17, note: '借阅登记不全' },
    };
    const saved = (
      await province.json<TEvalAssessment>('PUT', `/api/library/evaluations/${a.id}/onsite`, { scores: onsite })
    ).body;
    expect(saved).toMatchObject({
      status: 'onsite',
      photos: [expect.objectContaining({ indicatorKey: 'room', note: '资料室全景' })],
    });
    expect(
      (await w.chaoyang.request('GET', `/api/library/evaluation-photos/${saved.photos[0]!.id}`)).headers.get(
        'content-type',
      ),
    ).toBe('image/jpeg');
    expect((await w.jilinCity.request('GET', `/api/library/evaluation-photos/${saved.photos[0]!.id}`)).status).toBe(
      403,
    );
    const graded = (
      await province.json<TEvalAssessment>('POST', `/api/library/evaluations/${a.id}/grade`, {
        rectifications: [{ text: '补全借阅登记', deadline: '2023-06-30' }],
      })
    ).body;
    expect(graded).toMatchObject({ status: 'rectifying', total: 66.5, grade: '合格', certificateNo: null });
    expect(
      (await province.json<{ message: string }>('POST', `/api/library/evaluations/${a.id}/grade`, {})).body.message,
    ).toContain('还有 1 项整改未完成');
    expect(
      (
        await w.changchun.json('POST', `/api/library/rectifications/${graded.rectifications[0]!.id}/done`, {
          note: '已补全',
        })
      ).status,
    ).toBe(403);
    await w.chaoyang.json('POST', `/api/library/rectifications/${graded.rectifications[0]!.id}/done`, {
      note: '已补全 2022—2023 年借阅登记',
    });
    await province.json('PUT', `/api/library/evaluations/${a.id}/onsite`, {
      scores: { rules: { score: 19, note: '复查：已整改' } },
    });
    const passed = (await province.json<TEvalAssessment>('POST', `/api/library/evaluations/${a.id}/grade`, {})).body;
    expect(passed).toMatchObject({
      status: 'passed',
      total: 68.5,
      grade: '合格',
      certificateNo: `吉方志评〔2023〕${String(a.id).padStart(3, '0')}号`,
    });
    const cert = await w.chaoyang.request('GET', `/api/library/evaluations/${a.id}/certificate`);
    expect(cert.headers.get('content-type')).toContain('wordprocessingml');
    expect((await cert.arrayBuffer()).byteLength).toBeGreaterThan(3000);
  });
});
