import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Result,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useParams } from 'react-router';
import {
  CAMPAIGN_KIND_LABELS,
  CAMPAIGN_STAGE_LABELS,
  CAMPAIGN_STAGES,
  type TCampaignDetail,
  type TRankRow,
} from '../../../shared/evaluation.ts';
import { AGGREGATE_LABELS } from '../../../shared/evaluation-score.ts';
import { errorMessage } from '../../api/client.ts';
import { DownloadButton, DownloadLink } from '../../ui/DownloadLink.tsx';
import { usePhone } from '../library/use-phone.ts';
import {
  addExpert,
  addGroup,
  advanceStage,
  assignExperts,
  cancelCampaign,
  castVote,
  setEntryGroup,
  submitEntry,
  useCampaign,
  useEvalMutation,
  useExpertCandidates,
  useUnits,
  withdrawEntry,
} from './api.ts';
import { useMe } from '../../auth/use-me.ts';
import { ScoringPanel } from './ScoringPanel.tsx';

const STAGE_NAMES: Record<string, string> = { first: '初评', second: '复评' };

function Ranking({ c }: { c: TCampaignDetail }) {
  const phone = usePhone();
  const rows = c.ranking ?? [];
  const gradeTag = (r: TRankRow) =>
    r.vetoed ? <Tag color="red">一票否决</Tag> : r.grade ? <Tag color="green">{r.grade}</Tag> : <Tag>未达等级</Tag>;
  return (
    <Card
      title={
        c.stage === 'notice'
          ? `公示（${c.noticeFrom} 至 ${c.noticeTo}）`
          : c.stage === 'closed'
            ? '评审结果'
            : '排名（实时）'
      }
      size="small"
      data-testid="ranking"
      extra={
        c.viewer.manage && (
          <Space wrap>
            <DownloadButton href={`/api/evaluation/campaigns/${c.id}/scores.xlsx`} fileName="成绩与投票.xlsx">
              成绩与投票 .xlsx
            </DownloadButton>
            {(c.stage === 'notice' || c.stage === 'closed') && (
              <DownloadButton href={`/api/evaluation/campaigns/${c.id}/bulletin.docx`} fileName="通报.docx">
                通报 .docx
              </DownloadButton>
            )}
          </Space>
        )
      }
    >
      {phone ? (
        <List
          dataSource={rows}
          renderItem={(r) => (
            <List.Item>
              <Space direction="vertical" size={2}>
                <Typography.Text strong>
                  {r.rank}. 《{r.title}》
                </Typography.Text>
                <span>
                  {r.unitName} · {r.total ?? '—'} 分 {gradeTag(r)}
                </span>
                <Typography.Text type="secondary">
                  差错率 {r.errorRate ?? '—'}/万字 · 推荐 {r.votesFor}/{r.votesCast}
                  {r.note && ` · ${r.note}`}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<TRankRow>
          rowKey="entryId"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: '名次', dataIndex: 'rank', width: 60 },
            { title: '参评作品', dataIndex: 'title', render: (t: string) => `《${t}》` },
            { title: '申报单位', dataIndex: 'unitName' },
            { title: '得分', dataIndex: 'total', width: 80, render: (t: number | null) => t ?? '—' },
            { title: '依据', dataIndex: 'stage', width: 60, render: (s: string | null) => (s ? STAGE_NAMES[s] : '') },
            { title: '等级', key: 'grade', width: 100, render: (_, r) => gradeTag(r) },
            { title: '差错率(每万字)', dataIndex: 'errorRate', width: 120, render: (v: number | null) => v ?? '—' },
            { title: '终评推荐', key: 'votes', width: 90, render: (_, r) => `${r.votesFor}/${r.votesCast}` },
            { title: '说明', dataIndex: 'note' },
          ]}
        />
      )}
      {c.problems && c.problems.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            共性问题（按类别）
          </Typography.Title>
          <List
            size="small"
            dataSource={c.problems}
            renderItem={(p) => (
              <List.Item>
                <span>
                  <Tag>{p.category}</Tag>
                  {p.count} 处：{p.examples.join('；')}
                </span>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}

function ManagePanel({ c }: { c: TCampaignDetail }) {
  const phone = usePhone();
  const candidates = useExpertCandidates(true);
  const units = useUnits(true);
  const [groupForm] = Form.useForm<{ name: string; entryKind: string }>();
  const [expertForm] = Form.useForm<{ userId: number; regionUnitId?: number; groupId?: number }>();
  const [notice, setNotice] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const group = useEvalMutation(addGroup, () => '已添加评审组');
  const expert = useEvalMutation(addExpert, () => '已添加专家');
  const assign = useEvalMutation(assignExperts, (d) => `已分配：${d.assignments.length} 份评分任务`);
  const stage = useEvalMutation(advanceStage, (d) => `已进入${CAMPAIGN_STAGE_LABELS[d.stage]}`);
  const regroup = useEvalMutation(setEntryGroup, () => '已调整分组');
  const next = CAMPAIGN_STAGES[CAMPAIGN_STAGES.indexOf(c.stage) + 1];
  const expertName = new Map(c.experts.map((x) => [x.id, x]));
  const groupName = new Map(c.groups.map((g) => [g.id, g.name]));
  const entryKinds = [...new Set(c.entries.map((e) => e.entryKind))];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {next && (
        <Card size="small" title="评审进度">
          <Space wrap>
            {['first', 'second', 'final'].includes(c.stage) && (
              <Typography.Text data-testid="progress">
                {c.stage === 'final' ? '投票' : '评分'}已提交 {c.progress.submitted}/{c.progress.expected}
              </Typography.Text>
            )}
            {next === 'notice' && (
              <>
                <Input
                  aria-label="公示开始"
                  placeholder="公示开始 YYYY-MM-DD"
                  style={{ width: 190 }}
                  value={notice.from}
                  onChange={(e) => setNotice({ ...notice, from: e.target.value })}
                />
                <Input
                  aria-label="公示结束"
                  placeholder="公示结束 YYYY-MM-DD"
                  style={{ width: 190 }}
                  value={notice.to}
                  onChange={(e) => setNotice({ ...notice, to: e.target.value })}
                />
              </>
            )}
            <Button
              type="primary"
              loading={stage.isPending}
              onClick={() =>
                stage.mutate({
                  id: c.id,
                  stage: next,
                  ...(next === 'notice' ? { noticeFrom: notice.from, noticeTo: notice.to } : {}),
                })
              }
            >
              进入{CAMPAIGN_STAGE_LABELS[next]}
            </Button>
            <CancelCampaign c={c} />
          </Space>
        </Card>
      )}
      <Card size="small" title={`评审组（${c.groups.length}）与专家（${c.experts.length}）`}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {c.groups.map((g) => (
            <div key={g.id}>
              <Typography.Text strong>{g.name}</Typography.Text>（{g.entryKind}）：
              {c.experts
                .filter((x) => x.groupId === g.id)
                .map((x) => (
                  <Tag key={x.id}>
                    {x.name}·{x.regionName}
                  </Tag>
                ))}
            </div>
          ))}
          {c.stage === 'call' && (
            <Form
              form={groupForm}
              layout="inline"
              style={{ rowGap: 8 }}
              onFinish={(v) => group.mutate({ id: c.id, ...v }, { onSuccess: () => groupForm.resetFields() })}
            >
              <Form.Item name="name" rules={[{ required: true, message: '组名' }]}>
                <Input placeholder="组名，如：市级组" style={{ width: 150 }} />
              </Form.Item>
              <Form.Item name="entryKind" rules={[{ required: true, message: '参评类别' }]}>
                <Select
                  placeholder="参评类别"
                  style={{ width: 150 }}
                  options={entryKinds.map((k) => ({ value: k, label: k }))}
                />
              </Form.Item>
              <Button htmlType="submit">添加评审组</Button>
            </Form>
          )}
          {c.stage === 'call' && (
            <Form
              form={expertForm}
              layout="inline"
              style={{ rowGap: 8 }}
              onFinish={(v) =>
                expert.mutate(
                  { id: c.id, userId: v.userId, regionUnitId: v.regionUnitId ?? null, groupId: v.groupId ?? null },
                  { onSuccess: () => expertForm.resetFields() },
                )
              }
            >
              <Form.Item name="userId" rules={[{ required: true, message: '请选择专家' }]}>
                <Select
                  placeholder="专家"
                  aria-label="专家"
                  style={{ width: 200 }}
                  options={(candidates.data ?? [])
                    .filter((u) => !c.experts.some((x) => x.userId === u.userId))
                    .map((u) => ({ value: u.userId, label: `${u.name}${u.unitName ? `（${u.unitName}）` : ''}` }))}
                />
              </Form.Item>
              <Form.Item name="regionUnitId">
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  placeholder="回避地区（默认所在单位）"
                  style={{ width: 220 }}
                  options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                />
              </Form.Item>
              <Form.Item name="groupId">
                <Select
                  placeholder="评审组"
                  aria-label="评审组"
                  style={{ width: 130 }}
                  options={c.groups.map((g) => ({ value: g.id, label: g.name }))}
                />
              </Form.Item>
              <Button htmlType="submit">添加专家</Button>
            </Form>
          )}
        </Space>
      </Card>
      <Card
        size="small"
        title="专家分配（回避本地区）"
        data-testid="assignment"
        extra={
          c.stage === 'call' && (
            <Button type="primary" loading={assign.isPending} onClick={() => assign.mutate(c.id)}>
              {c.assignments.length ? '重新分配' : '分配专家'}
            </Button>
          )
        }
      >
        <List
          dataSource={c.entries}
          locale={{ emptyText: '还没有参评作品' }}
          renderItem={(e) => {
            const mine = c.assignments.filter((a) => a.entryId === e.id);
            const avoided = c.avoided.filter((a) => a.entryId === e.id);
            return (
              <List.Item data-testid={`assign-${e.id}`}>
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>《{e.title}》</Typography.Text>
                    <span>
                      {e.unitName} · 地区：{e.regionName}
                    </span>
                    {c.stage === 'call' ? (
                      <Select
                        size="small"
                        aria-label={`${e.title}评审组`}
                        style={{ width: 120 }}
                        value={e.groupId}
                        placeholder="未分组"
                        onChange={(groupId: number) => regroup.mutate({ entryId: e.id, groupId })}
                        options={c.groups.map((g) => ({ value: g.id, label: g.name }))}
                      />
                    ) : (
                      <Tag>{e.groupId ? groupName.get(e.groupId) : '未分组'}</Tag>
                    )}
                    <DownloadLink href={`/api/evaluation/entries/${e.id}/file`} fileName={e.fileName}>
                      {e.fileName}
                    </DownloadLink>
                    {!phone && <Typography.Text type="secondary">{e.textChars} 字</Typography.Text>}
                  </Space>
                  <Space wrap size={4}>
                    评审专家：
                    {mine.length === 0 && <Typography.Text type="secondary">未分配</Typography.Text>}
                    {mine.map((a) => (
                      <Tag key={a.expertId} color={a.crossGroup ? 'purple' : 'blue'}>
                        {expertName.get(a.expertId)?.name}
                        {a.crossGroup ? '（跨组）' : ''}
                      </Tag>
                    ))}
                    {avoided.map((a) => (
                      <Tag key={`x${a.expertId}`} color="default" style={{ textDecoration: 'line-through' }}>
                        回避：{expertName.get(a.expertId)?.name}（{expertName.get(a.expertId)?.regionName}）
                      </Tag>
                    ))}
                  </Space>
                </Space>
              </List.Item>
            );
          }}
        />
      </Card>
    </Space>
  );
}

/** Those who manage the campaign cancel it with a reason; afterwards it is shown as cancelled and nothing can be done. */
function CancelCampaign({ c }: { c: TCampaignDetail }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const cancel = useEvalMutation(cancelCampaign, () => '已取消本次评审');
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        取消评审
      </Button>
      <Modal
        open={open}
        title={`取消“${c.title}”`}
        okText="取消评审"
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        cancelText="返回"
        confirmLoading={cancel.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => cancel.mutate({ id: c.id, reason }, { onSuccess: () => setOpen(false) })}
      >
        <Typography.Paragraph type="secondary">
          取消后不能再申报、分配专家、评分或进入下一阶段；已申报的作品和评分保留备查。
        </Typography.Paragraph>
        <Input.TextArea
          aria-label="取消理由"
          rows={3}
          maxLength={500}
          placeholder="请写明取消理由，如：评审标准调整，改期举行"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}

function EnterPanel({ c }: { c: TCampaignDetail }) {
  const me = useMe().data;
  const withdraw = useEvalMutation(withdrawEntry, () => '已撤回申报');
  const [form] = Form.useForm<{
    title: string;
    entryKind: string;
    volumeYear: number;
    published: boolean;
    publisher: string;
  }>();
  const [file, setFile] = useState<File | null>(null);
  const submit = useEvalMutation(submitEntry, () => '已申报');
  return (
    <Card size="small" title="申报参评作品">
      <Typography.Paragraph type="secondary">
        {c.volumeYear ? `只接受 ${c.volumeYear} 卷；` : ''}
        {c.requirePublished ? '须为公开出版物；' : ''}
        {c.submitDeadline ? `申报截止 ${c.submitDeadline}；` : ''}请上传 Word（.docx）或 PDF
        全文，用于专家评审和差错率抽查。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ volumeYear: c.volumeYear ?? undefined, published: true, entryKind: '市级年鉴' }}
        onFinish={(v) => {
          const f = new FormData();
          if (file) f.set('file', file);
          f.set('title', v.title);
          f.set('entryKind', v.entryKind);
          f.set('volumeYear', String(v.volumeYear ?? ''));
          f.set('published', String(Boolean(v.published)));
          f.set('publisher', v.publisher ?? '');
          submit.mutate({ id: c.id, form: f }, { onSuccess: () => (form.resetFields(), setFile(null)) });
        }}
      >
        <Space wrap align="start">
          <Form.Item name="title" label="作品名称" rules={[{ required: true, message: '请填写作品名称' }]}>
            <Input placeholder="如：长春年鉴（2022）" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="entryKind" label="参评类别" rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={['市级年鉴', '县级年鉴', '专业年鉴', '资源开发项目'].map((k) => ({ value: k, label: k }))}
            />
          </Form.Item>
          <Form.Item name="volumeYear" label="卷年" rules={[{ required: true, message: '请填写卷年' }]}>
            <InputNumber style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="publisher" label="出版单位">
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="published" label=" " valuePropName="checked">
            <Checkbox>已公开出版</Checkbox>
          </Form.Item>
        </Space>
        <Space wrap>
          <Upload
            accept=".docx,.pdf"
            maxCount={1}
            beforeUpload={(f) => (setFile(f), false)}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name }] : []}
          >
            <Button icon={<UploadOutlined />}>选择文件</Button>
          </Upload>
          <Button type="primary" htmlType="submit" disabled={!file} loading={submit.isPending}>
            申报
          </Button>
        </Space>
      </Form>
      <List
        style={{ marginTop: 12 }}
        header="本地区已申报"
        dataSource={c.entries}
        locale={{ emptyText: '尚未申报' }}
        renderItem={(e) => (
          <List.Item
            actions={
              me?.unitId === e.unitId
                ? [
                    <Popconfirm
                      key="withdraw"
                      title={`撤回《${e.title}》的申报？`}
                      description="截止日期前、分配专家前可以撤回；撤回后可重新申报。"
                      okText="撤回"
                      cancelText="取消"
                      onConfirm={() => withdraw.mutate(e.id)}
                    >
                      <Button size="small" danger loading={withdraw.isPending}>
                        撤回
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            《{e.title}》· {e.unitName} · {e.volumeYear} 卷 · {e.textChars} 字
          </List.Item>
        )}
      />
    </Card>
  );
}

function ExpertPanel({ c }: { c: TCampaignDetail }) {
  const [open, setOpen] = useState<number | null>(null);
  const vote = useEvalMutation(castVote, () => '已投票');
  const sheetOf = (entryId: number) => c.mySheets.find((s) => s.entryId === entryId && s.stage === c.stage);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {open !== null && <ScoringPanel key={`${open}-${c.stage}`} c={c} entryId={open} onClose={() => setOpen(null)} />}
      <Card size="small" title="分配给我的参评作品" data-testid="my-entries">
        <List
          dataSource={c.entries}
          locale={{ emptyText: '暂未分配' }}
          renderItem={(e) => {
            const s = sheetOf(e.id);
            const scoring = c.stage === 'first' || c.stage === 'second';
            return (
              <List.Item
                actions={
                  scoring
                    ? [
                        <Button
                          key="score"
                          size="small"
                          type={s?.submitted ? 'default' : 'primary'}
                          onClick={() => setOpen(e.id)}
                        >
                          {s?.submitted ? '查看评分' : '评分'}
                        </Button>,
                      ]
                    : c.stage === 'final' && !s
                      ? [
                          <Button
                            key="y"
                            size="small"
                            type="primary"
                            onClick={() => vote.mutate({ entryId: e.id, recommend: true })}
                          >
                            推荐
                          </Button>,
                          <Button key="n" size="small" onClick={() => vote.mutate({ entryId: e.id, recommend: false })}>
                            不推荐
                          </Button>,
                        ]
                      : []
                }
              >
                <List.Item.Meta
                  title={`《${e.title}》`}
                  description={
                    <Space wrap size={4}>
                      <span>{e.unitName}</span>
                      <DownloadLink href={`/api/evaluation/entries/${e.id}/file`} fileName={e.fileName}>
                        下载全文
                      </DownloadLink>
                      {s?.submitted && (
                        <Tag color="green">{c.stage === 'final' ? (s.vote ? '已推荐' : '不推荐') : '已提交'}</Tag>
                      )}
                      {s && !s.submitted && <Tag color="gold">已保存</Tag>}
                    </Space>
                  }
                />
              </List.Item>
            );
          }}
        />
      </Card>
    </Space>
  );
}

/** One campaign: its steps, and what the viewer does here (run it, enter a volume, score, read the 公示). */
export function CampaignPage() {
  const id = Number(useParams().id);
  const q = useCampaign(id);
  if (q.isPending) return <Spin />;
  if (q.error) return <Result status="warning" title={errorMessage(q.error)} />;
  const c = q.data;
  const current = CAMPAIGN_STAGES.indexOf(c.stage);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {c.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {CAMPAIGN_KIND_LABELS[c.kind]} · 评分表“{c.templateName}”（第 {c.templateVersion} 版，
          {AGGREGATE_LABELS[c.definition.aggregate]}）· 每件 {c.expertsPerEntry} 位专家
          {Object.keys(c.quotas).length > 0 &&
            ` · 名额：${Object.entries(c.quotas)
              .map(([g, n]) => `${g} ${n} 名`)
              .join('，')}`}
        </Typography.Paragraph>
        <Steps
          size="small"
          current={current}
          responsive
          items={CAMPAIGN_STAGES.map((s) => ({ title: CAMPAIGN_STAGE_LABELS[s] }))}
        />
      </Card>
      {c.cancelled && (
        <Alert
          type="warning"
          showIcon
          data-testid="campaign-cancelled"
          message={`本次评审已于 ${c.cancelled.at.slice(0, 10)} 取消`}
          description={`理由：${c.cancelled.reason}。已申报的作品和评分保留备查，不能再操作。`}
        />
      )}
      {c.viewer.manage && !c.cancelled && <ManagePanel c={c} />}
      {c.viewer.enter && <EnterPanel c={c} />}
      {c.viewer.expertId !== null && !c.cancelled && <ExpertPanel c={c} />}
      {(c.cancelled || (!c.viewer.manage && !c.viewer.enter && c.viewer.expertId === null)) && c.entries.length > 0 && (
        <Card size="small" title="本地区参评作品">
          <List
            dataSource={c.entries}
            renderItem={(e) => (
              <List.Item>
                《{e.title}》· {e.unitName}
              </List.Item>
            )}
          />
        </Card>
      )}
      {c.ranking ? (
        <Ranking c={c} />
      ) : (
        c.viewer.expertId === null && !c.viewer.manage && <Alert type="info" message="评审结果将在公示期公布。" />
      )}
    </Space>
  );
}
