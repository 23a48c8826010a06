import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Image,
  Input,
  InputNumber,
  Result,
  Space,
  Spin,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { CameraOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useOutletContext, useParams } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import {
  EVAL_CATEGORIES,
  EVAL_SOURCE_LABELS,
  EVAL_STATUS_LABELS,
  type TEvalAssessment,
  type TEvalScores,
} from '../../../shared/library.ts';
import { downloadFile, errorMessage } from '../../api/client.ts';
import { hasPermission } from '../../auth/use-me.ts';
import {
  gradeEvaluation,
  rectificationDone,
  reviewEvaluation,
  saveOnsite,
  saveSelf,
  uploadPhoto,
  useEvaluation,
  useLibraryMutation,
} from './api.ts';
import { EVAL_COLOR } from './EvaluationsPage.tsx';

type Mode = 'self' | 'onsite' | 'view';

function ScoreEditor({
  a,
  mode,
  scores,
  setScores,
}: {
  a: TEvalAssessment;
  mode: Mode;
  scores: TEvalScores;
  setScores: (s: TEvalScores) => void;
}) {
  const photo = useLibraryMutation(
    (v: { key: string; file: File }) => {
      const f = new FormData();
      f.set('file', v.file);
      f.set('indicatorKey', v.key);
      return uploadPhoto(a.id, f);
    },
    () => '照片已上传',
  );
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {EVAL_CATEGORIES.map((cat) => {
        const items = a.definition.indicators.filter((i) => i.category === cat);
        if (items.length === 0) return null;
        return (
          <Card key={cat} size="small" title={cat}>
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              {items.map((i) => {
                const computed = a.computed[i.key];
                const current = scores[i.key] ?? { score: null, note: null };
                const set = (patch: Partial<typeof current>) =>
                  setScores({ ...scores, [i.key]: { ...current, ...patch } });
                return (
                  <div
                    key={i.key}
                    style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 10 }}
                    data-testid={`indicator-${i.key}`}
                  >
                    <Typography.Text strong>{i.label}</Typography.Text>{' '}
                    <Typography.Text type="secondary">（满分 {i.maxScore}）</Typography.Text>
                    {i.mustPass && (
                      <Tag color="red" style={{ marginLeft: 6 }}>
                        必达项
                      </Tag>
                    )}
                    <div style={{ marginTop: 6 }}>
                      {computed ? (
                        <Typography.Text>
                          系统计算：{EVAL_SOURCE_LABELS[i.source]} {computed.value}，得 {computed.score} 分
                        </Typography.Text>
                      ) : (
                        <Space wrap>
                          <Typography.Text type="secondary">自评 {a.selfScores[i.key]?.score ?? '—'}</Typography.Text>
                          {a.onsiteScores[i.key] && (
                            <Typography.Text type="secondary">
                              检查 {a.onsiteScores[i.key]!.score ?? '—'}
                            </Typography.Text>
                          )}
                          {mode !== 'view' && (
                            <InputNumber
                              aria-label={`${i.label}得分`}
                              min={0}
                              max={i.maxScore}
                              step={0.5}
                              value={current.score}
                              onChange={(v) => set({ score: v ?? null })}
                              style={{ width: 100 }}
                            />
                          )}
                        </Space>
                      )}
                    </div>
                    {mode !== 'view' && !computed && (
                      <Input.TextArea
                        aria-label={`${i.label}说明`}
                        rows={1}
                        autoSize
                        placeholder={mode === 'onsite' ? '现场情况' : '自评说明'}
                        value={current.note ?? ''}
                        onChange={(e) => set({ note: e.target.value || null })}
                        style={{ marginTop: 6 }}
                      />
                    )}
                    {mode === 'view' && (a.onsiteScores[i.key]?.note ?? a.selfScores[i.key]?.note) && (
                      <div>
                        <Typography.Text type="secondary">
                          {a.onsiteScores[i.key]?.note ?? a.selfScores[i.key]?.note}
                        </Typography.Text>
                      </div>
                    )}
                    <Space wrap style={{ marginTop: 6 }}>
                      {a.photos
                        .filter((p) => p.indicatorKey === i.key)
                        .map((p) => (
                          <Image
                            key={p.id}
                            width={72}
                            src={`/api/library/evaluation-photos/${p.id}`}
                            alt={p.note ?? '现场照片'}
                          />
                        ))}
                      {mode === 'onsite' && (
                        <Upload
                          accept="image/*"
                          capture="environment"
                          showUploadList={false}
                          beforeUpload={(file) => {
                            photo.mutate({ key: i.key, file });
                            return false;
                          }}
                        >
                          <Button size="small" icon={<CameraOutlined />}>
                            拍照
                          </Button>
                        </Upload>
                      )}
                    </Space>
                  </div>
                );
              })}
            </Space>
          </Card>
        );
      })}
    </Space>
  );
}

/** One evaluation: self-assessment, review, on-site check with photos (works on a phone), grade, rectification, certificate. */
export function EvaluationPage() {
  const id = Number(useParams().id);
  const me = useOutletContext<TCurrentUser>();
  const { message } = App.useApp();
  const q = useEvaluation(id);
  const [scores, setScores] = useState<TEvalScores | null>(null);
  const [comment, setComment] = useState('');
  const [rect, setRect] = useState<{ text: string; deadline: string }[]>([]);
  const [doneNote, setDoneNote] = useState('');
  const self = useLibraryMutation(
    (v: { submit: boolean }) => saveSelf(id, scores ?? {}, v.submit),
    (a) => (a.status === 'submitted' ? '自评已提交' : '已保存'),
  );
  const review = useLibraryMutation(
    (v: { approve: boolean }) => reviewEvaluation(id, v.approve, comment || null),
    (a) => `已${a.status === 'reviewed' ? '审核通过' : '退回'}`,
  );
  const onsite = useLibraryMutation(
    () => saveOnsite(id, scores ?? {}),
    () => '检查记录已保存',
  );
  const grade = useLibraryMutation(
    () =>
      gradeEvaluation(
        id,
        rect.filter((r) => r.text.trim()),
      ),
    (a) => `评定：${a.total} 分，${a.grade}`,
  );
  const done = useLibraryMutation(
    (rid: number) => rectificationDone(rid, doneNote),
    () => '整改情况已提交',
  );
  if (q.isPending) return <Spin />;
  if (q.isError)
    return (
      <Result
        status="warning"
        title="无法查看该评估"
        subTitle={errorMessage(q.error)}
        extra={<Link to="/holdings/evaluations">返回</Link>}
      />
    );
  const a = q.data;
  const isOffice = me.unitId === a.unitId && hasPermission(me, 'evaluation.self');
  const isInspector = hasPermission(me, 'evaluation.inspect');
  const mode: Mode =
    isOffice && a.status === 'self'
      ? 'self'
      : isInspector && ['reviewed', 'onsite', 'rectifying'].includes(a.status)
        ? 'onsite'
        : 'view';
  const base = mode === 'self' ? a.selfScores : a.onsiteScores;
  const canReview = hasPermission(me, 'evaluation.review') && a.status === 'submitted' && !isOffice;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {a.unitName} · {a.year} 年资料室评估
        </Typography.Title>
        <Space wrap style={{ marginTop: 6 }}>
          <Tag color={EVAL_COLOR[a.status]}>{EVAL_STATUS_LABELS[a.status]}</Tag>
          <Typography.Text type="secondary">
            {a.templateName}（第 {a.templateVersion} 版）
          </Typography.Text>
          {a.total !== null && (
            <Typography.Text strong>
              {a.total} 分 · {a.grade}
            </Typography.Text>
          )}
          {a.status === 'passed' && (
            <Typography.Link
              onClick={() =>
                void downloadFile(`/api/library/evaluations/${a.id}/certificate`, '评估证书.docx').catch(
                  (e: unknown) => void message.error(errorMessage(e)),
                )
              }
            >
              <DownloadOutlined /> 合格证书
            </Typography.Link>
          )}
        </Space>
        {a.reviewComment && (
          <Alert style={{ marginTop: 8 }} type="info" showIcon message={`审核意见：${a.reviewComment}`} />
        )}
        {a.failedMustPass.length > 0 && (
          <Alert
            style={{ marginTop: 8 }}
            type="error"
            showIcon
            message={`必达项未达到：${a.failedMustPass.join('、')}`}
          />
        )}
      </Card>
      <ScoreEditor a={a} mode={mode} scores={scores ?? base} setScores={setScores} />
      {mode === 'self' && (
        <Space wrap>
          <Button loading={self.isPending} onClick={() => self.mutate({ submit: false })}>
            保存自评
          </Button>
          <Button
            type="primary"
            loading={self.isPending}
            onClick={() => self.mutate({ submit: true }, { onSuccess: () => setScores(null) })}
          >
            提交自评
          </Button>
        </Space>
      )}
      {canReview && (
        <Card size="small" title="审核自评">
          <Input.TextArea
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder="意见（退回时必填）"
          />
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" onClick={() => review.mutate({ approve: true })}>
              审核通过，提请实地检查
            </Button>
            <Button danger onClick={() => review.mutate({ approve: false })}>
              退回
            </Button>
          </Space>
        </Card>
      )}
      {mode === 'onsite' && (
        <Card size="small" title="检查结论">
          <Button
            onClick={() => onsite.mutate(undefined, { onSuccess: () => setScores(null) })}
            loading={onsite.isPending}
          >
            保存检查记录
          </Button>
          <div style={{ marginTop: 12 }}>
            <Typography.Text>整改要求（可不填）</Typography.Text>
            {rect.map((r, i) => (
              <Space key={i} wrap style={{ display: 'flex', marginTop: 6 }}>
                <Input
                  placeholder="整改要求"
                  value={r.text}
                  onChange={(e) => setRect(rect.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
                  style={{ width: 220 }}
                />
                <DatePicker
                  value={dayjs(r.deadline)}
                  onChange={(d) =>
                    d && setRect(rect.map((x, j) => (j === i ? { ...x, deadline: d.format('YYYY-MM-DD') } : x)))
                  }
                />
              </Space>
            ))}
            <div style={{ marginTop: 6 }}>
              <Button
                size="small"
                type="dashed"
                onClick={() => setRect([...rect, { text: '', deadline: dayjs().add(3, 'month').format('YYYY-MM-DD') }])}
              >
                添加整改要求
              </Button>
            </div>
          </div>
          <Button
            type="primary"
            style={{ marginTop: 12 }}
            loading={grade.isPending}
            onClick={() => grade.mutate(undefined, { onSuccess: () => setRect([]) })}
          >
            {a.status === 'rectifying' ? '复查并评定' : '评定等级'}
          </Button>
        </Card>
      )}
      {a.rectifications.length > 0 && (
        <Card size="small" title="整改">
          {a.rectifications.map((r) => (
            <div key={r.id} style={{ marginBottom: 8 }}>
              <Typography.Text>{r.text}</Typography.Text>{' '}
              <Typography.Text type="secondary">期限 {r.deadline}</Typography.Text>{' '}
              {r.doneAt ? <Tag color="green">已整改：{r.doneNote}</Tag> : <Tag color="red">未完成</Tag>}
              {!r.doneAt && isOffice && (
                <Space style={{ display: 'flex', marginTop: 4 }}>
                  <Input placeholder="整改情况" value={doneNote} onChange={(e) => setDoneNote(e.target.value)} />
                  <Button onClick={() => done.mutate(r.id)}>提交</Button>
                </Space>
              )}
            </div>
          ))}
        </Card>
      )}
    </Space>
  );
}
