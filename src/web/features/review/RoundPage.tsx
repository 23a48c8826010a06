import { useState } from 'react';
import {
  App,
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Result,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useParams, useSearchParams } from 'react-router';
import {
  DECISION_LABELS,
  DECISIONS,
  PANEL_ROLE_LABELS,
  PANEL_ROLES,
  type TAddPanelMember,
  type TDecide,
  type TPanelMember,
  type TRoundView,
  type TUpdateRound,
} from '../../../shared/review.ts';
import { api, errorMessage } from '../../api/client.ts';
import { DownloadButton } from '../../ui/DownloadLink.tsx';
import { useOpinions, useReviewPeople, useRound, useRoundMutation } from './api.ts';
import { OpinionsPanel, ResponseMatrix } from './OpinionsPanel.tsx';
import { ReaderPanel } from './ReaderPanel.tsx';
import { DecisionTag, StateTag } from './tags.tsx';

function ReasonButton({
  round,
  action,
  label,
  danger,
}: {
  round: TRoundView;
  action: 'cancel' | 'reopen';
  label: string;
  danger?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const run = useRoundMutation(
    round.id,
    () => api.post<TRoundView>(`/api/review/rounds/${round.id}/transition`, { action, reason }),
    `已${label}`,
  );
  return (
    <>
      <Button danger={danger} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={`${label}：请写明理由`}
        okText={label}
        onCancel={() => setOpen(false)}
        confirmLoading={run.isPending}
        onOk={() => run.mutate(undefined, { onSuccess: () => setOpen(false) })}
      >
        <Input.TextArea
          aria-label="理由"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
        />
      </Modal>
    </>
  );
}

/** 召集单位 and dates of a round still being prepared or read (a later round's deadline, a new meeting date). */
function EditDates({ round }: { round: TRoundView }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<TUpdateRound>();
  const save = useRoundMutation(
    round.id,
    (v: TUpdateRound) => api.patch<TRoundView>(`/api/review/rounds/${round.id}`, v),
    '已保存',
  );
  return (
    <>
      <Button onClick={() => setOpen(true)}>修改日期</Button>
      <Modal
        open={open}
        title="召集单位与日期"
        okText="保存"
        onCancel={() => setOpen(false)}
        confirmLoading={save.isPending}
        onOk={() =>
          void form.validateFields().then((v) =>
            save.mutate(
              {
                conveningBody: v.conveningBody,
                readingDeadline: v.readingDeadline || null,
                meetingDate: v.meetingDate || null,
              },
              { onSuccess: () => setOpen(false) },
            ),
          )
        }
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            conveningBody: round.conveningBody,
            readingDeadline: round.readingDeadline ?? '',
            meetingDate: round.meetingDate ?? '',
          }}
        >
          <Form.Item name="conveningBody" label="召集单位" rules={[{ required: true, message: '请填写召集单位' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="readingDeadline" label="审读截止">
            <Input type="date" />
          </Form.Item>
          <Form.Item name="meetingDate" label="评审会日期">
            <Input type="date" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Overview({ round }: { round: TRoundView }) {
  const start = useRoundMutation(
    round.id,
    () => api.post<TRoundView>(`/api/review/rounds/${round.id}/transition`, { action: 'start' }),
    '评审已开始，已通知评审组',
  );
  const base = `/api/review/rounds/${round.id}`;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="书稿">
          {round.submissionLabel ?? `上传书稿 ${round.manuscriptName ?? ''}`}
        </Descriptions.Item>
        <Descriptions.Item label="召集单位">{round.conveningBody}</Descriptions.Item>
        <Descriptions.Item label="审读截止">{round.readingDeadline ?? '未定'}</Descriptions.Item>
        <Descriptions.Item label="评审会">{round.meetingDate ?? '未定'}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <StateTag state={round.state} />
          {round.stateReason && <Typography.Text type="secondary">理由：{round.stateReason}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label="评审经过">
          <Space wrap size={4}>
            {round.chain.map((c) => (
              <Tag key={c.id} color={c.id === round.id ? 'blue' : undefined}>
                {c.stageLabel}
                {c.decision ? `：${DECISION_LABELS[c.decision]}` : ''}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title="进入条件">
        <List
          size="small"
          dataSource={round.conditions}
          renderItem={(c) => (
            <List.Item>
              <Space align="start">
                {c.met ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
                <span>
                  <b>{c.label}</b>：{c.detail}
                </span>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Space wrap>
        {round.me.manage && round.state === 'preparing' && (
          <Button type="primary" loading={start.isPending} onClick={() => start.mutate(undefined)}>
            开始评审并通知评审组
          </Button>
        )}
        {round.me.manage && (round.state === 'preparing' || round.state === 'reviewing') && <EditDates round={round} />}
        {round.me.manage && (round.state === 'preparing' || round.state === 'reviewing') && (
          <ReasonButton round={round} action="cancel" label="取消评审" danger />
        )}
        {round.me.manage && (round.state === 'cancelled' || round.state === 'decided') && (
          <ReasonButton round={round} action="reopen" label="重新开启" />
        )}
        <DownloadButton href={`${base}/revision-notes.docx`} fileName="修改说明.docx">
          修改说明 .docx
        </DownloadButton>
        {round.state === 'decided' && (
          <DownloadButton href={`${base}/opinion-letter.docx`} fileName="审查验收意见书.docx">
            审查验收意见书 .docx
          </DownloadButton>
        )}
        {round.manuscriptId !== null && (
          <DownloadButton href={`${base}/manuscript`} fileName={round.manuscriptName ?? '书稿'}>
            原稿
          </DownloadButton>
        )}
      </Space>
    </Space>
  );
}

function ConflictForm({ round }: { round: TRoundView }) {
  const [conflict, setConflict] = useState(false);
  const [text, setText] = useState('');
  const declare = useRoundMutation(
    round.id,
    () => api.post<TRoundView>(`/api/review/rounds/${round.id}/conflict`, { conflict, text }),
    '已声明',
  );
  return (
    <Card size="small" title="利益冲突声明">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={conflict}
          onChange={(e) => setConflict(e.target.value as boolean)}
          options={[
            { value: false, label: '本人与该书稿无利益冲突' },
            { value: true, label: '有利益冲突，申请回避' },
          ]}
        />
        {conflict && (
          <Input.TextArea
            rows={2}
            placeholder="说明情况（如：本人为该书撰稿人）"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
        <Button type="primary" onClick={() => declare.mutate(undefined)} loading={declare.isPending}>
          提交声明
        </Button>
      </Space>
    </Card>
  );
}

function MemberActions({ round, m }: { round: TRoundView; m: TPanelMember }) {
  const [date, setDate] = useState('');
  const reinvite = useRoundMutation(
    round.id,
    () => api.post<TRoundView>(`/api/review/rounds/${round.id}/panel/${m.id}/reinvite`, { dueDate: date }),
    '已重新邀请',
  );
  const remove = useRoundMutation(
    round.id,
    () => api.delete<TRoundView>(`/api/review/rounds/${round.id}/panel/${m.id}`),
    '已移出评审组',
  );
  if (!round.me.manage || (round.state !== 'preparing' && round.state !== 'reviewing')) return null;
  return (
    <Space wrap size={4}>
      <Input
        type="date"
        size="small"
        aria-label={`${m.displayName}新的截止日期`}
        value={date}
        onChange={(e) => setDate(e.target.value)}
        style={{ width: 140 }}
      />
      <Button size="small" disabled={!date} onClick={() => reinvite.mutate(undefined)}>
        重新邀请
      </Button>
      <Button size="small" danger onClick={() => remove.mutate(undefined)}>
        移出
      </Button>
    </Space>
  );
}

function PanelSection({ round }: { round: TRoundView }) {
  const people = useReviewPeople(round.me.manage);
  const [form] = Form.useForm<TAddPanelMember>();
  const add = useRoundMutation(
    round.id,
    (v: TAddPanelMember) => api.post<TRoundView>(`/api/review/rounds/${round.id}/panel`, v),
    '已加入评审组',
  );
  const me = round.panel.find((p) => p.id === round.me.panelMemberId);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {me && !me.conflictDeclared && round.state !== 'cancelled' && <ConflictForm round={round} />}
      <List
        header={<b>评审组（{round.panel.length} 人）</b>}
        bordered
        dataSource={round.panel}
        locale={{ emptyText: <Empty description="还没有邀请专家" /> }}
        renderItem={(m) => (
          <List.Item>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <b>{m.displayName}</b>
                <Tag color={m.role === 'chair' ? 'gold' : undefined}>{PANEL_ROLE_LABELS[m.role]}</Tag>
                {m.unitName && <Typography.Text type="secondary">{m.unitName}</Typography.Text>}
                {m.conflict ? (
                  <Tag color="red">回避：{m.conflictText}</Tag>
                ) : m.conflictDeclared ? (
                  <Tag color="green">已声明无利益冲突</Tag>
                ) : (
                  <Tag>未声明利益冲突</Tag>
                )}
                {round.state === 'decided' &&
                  !m.conflict &&
                  (m.signedAt ? <Tag color="green">已签名</Tag> : <Tag color="orange">未签名</Tag>)}
              </Space>
              <Typography.Text type="secondary">
                审读截止 {m.dueDate ?? '未定'} · 邀请于 {m.invitedAt.slice(0, 10)}
              </Typography.Text>
              <MemberActions round={round} m={m} />
            </Space>
          </List.Item>
        )}
      />
      {round.me.manage && (round.state === 'preparing' || round.state === 'reviewing') && (
        <Card size="small" title="邀请专家">
          <Form
            form={form}
            layout="inline"
            initialValues={{ role: 'external' }}
            onFinish={(v) => add.mutate(v, { onSuccess: () => form.resetFields(['userId']) })}
          >
            <Form.Item name="userId" rules={[{ required: true, message: '请选择专家' }]}>
              <Select
                showSearch
                aria-label="专家"
                placeholder="选择专家"
                optionFilterProp="label"
                style={{ width: 200 }}
                options={(people.data ?? []).map((p) => ({
                  value: p.id,
                  label: `${p.displayName}${p.unitName ? `（${p.unitName}）` : ''}${p.expert ? ' · 评审专家' : ''}`,
                }))}
              />
            </Form.Item>
            <Form.Item name="role">
              <Select
                aria-label="角色"
                style={{ width: 120 }}
                options={PANEL_ROLES.map((r) => ({ value: r, label: PANEL_ROLE_LABELS[r] }))}
              />
            </Form.Item>
            <Form.Item name="dueDate">
              <Input type="date" aria-label="该专家审读截止" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={add.isPending}>
              邀请
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

function DecisionSection({ round }: { round: TRoundView }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TDecide>();
  const [password, setPassword] = useState('');
  const decide = useRoundMutation(
    round.id,
    (v: TDecide) => api.post<TRoundView>(`/api/review/rounds/${round.id}/decision`, v),
    '结论已作出，已通知评审组签名',
  );
  const sign = useRoundMutation(
    round.id,
    () => api.post<TRoundView>(`/api/review/rounds/${round.id}/sign`, { password }),
    '已确认签名',
  );
  const me = round.panel.find((p) => p.id === round.me.panelMemberId);
  const mayDecide = (round.me.manage || (me?.role === 'chair' && !me.conflict)) && round.state === 'reviewing';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {round.decision ? (
        <Card
          size="small"
          title={
            <Space>
              评审结论 <DecisionTag decision={round.decision} />
            </Space>
          }
        >
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{round.decisionText}</Typography.Paragraph>
          <List
            size="small"
            dataSource={round.panel.filter((p) => !p.conflict)}
            renderItem={(p) => (
              <List.Item>
                <Space wrap size={4}>
                  <span>
                    {PANEL_ROLE_LABELS[p.role]}：{p.displayName}
                  </span>
                  {p.signedAt ? (
                    <Tag color="green">已于 {p.signedAt.slice(0, 10)} 登录确认签名</Tag>
                  ) : (
                    <Tag color="orange">未签名</Tag>
                  )}
                </Space>
              </List.Item>
            )}
          />
          <Typography.Text type="secondary">
            {round.unsigned.length ? `尚未签名：${round.unsigned.join('、')}` : '评审组已全部签名'}
          </Typography.Text>
        </Card>
      ) : (
        <Alert
          type="info"
          showIcon
          message={
            round.state === 'reviewing'
              ? '评审会后由主审人作出结论，评审组成员输入登录密码确认签名。'
              : '尚未作出结论。'
          }
        />
      )}
      {round.blocking > 0 && (
        <Alert type="warning" showIcon message={`本轮及此前还有 ${round.blocking} 条必须修改或否决意见未落实。`} />
      )}
      {mayDecide && (
        <Card size="small" title="作出结论">
          <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v)}>
            <Form.Item name="decision" label="结论" rules={[{ required: true, message: '请选择结论' }]}>
              <Radio.Group options={DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d] }))} />
            </Form.Item>
            <Form.Item name="text" label="评审意见" rules={[{ required: true, message: '请填写评审意见' }]}>
              <Input.TextArea rows={6} maxLength={8000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={decide.isPending}>
              作出结论
            </Button>
          </Form>
        </Card>
      )}
      {me && !me.conflictDeclared && round.state === 'decided' && (
        <Alert type="warning" showIcon message="签名前请先在“概况与评审组”中声明有无利益冲突。" />
      )}
      {round.me.canSign && (
        <Card size="small" title="确认签名">
          <Space wrap>
            <Input.Password
              aria-label="登录密码"
              placeholder="输入您的登录密码"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <Button
              type="primary"
              loading={sign.isPending}
              onClick={() => {
                if (!password) return void message.warning('请输入登录密码');
                sign.mutate(undefined, {
                  onSuccess: () => setPassword(''),
                  onError: (e) => void message.error(errorMessage(e)),
                });
              }}
            >
              确认签名
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}

/** 评审轮次: overview and panel, the frozen text with opinions, the opinions, the response matrix, decision and signatures. */
export function RoundPage() {
  const id = Number(useParams().id);
  const round = useRound(id);
  const opinions = useOpinions(id);
  const [params, setParams] = useSearchParams();
  if (round.isError) return <Result status="404" title="评审不存在" subTitle={errorMessage(round.error)} />;
  if (!round.data) return <Card loading />;
  const r = round.data;
  const tab = params.get('tab') ?? 'overview';
  return (
    <Card
      title={
        <Space wrap>
          <span>
            《{r.bookTitle}》{r.stageLabel}
          </span>
          <StateTag state={r.state} />
          {r.decision && <DecisionTag decision={r.decision} />}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          {
            key: 'overview',
            label: '概况与评审组',
            children: (
              <Space direction="vertical" style={{ width: '100%' }} size={16}>
                <Overview round={r} />
                <PanelSection round={r} />
              </Space>
            ),
          },
          { key: 'read', label: '审读与意见', children: <ReaderPanel round={r} /> },
          {
            key: 'opinions',
            label: `意见（本轮 ${r.opinionCount}${opinions.data && opinions.data.length > r.opinionCount ? ` · 此前 ${opinions.data.length - r.opinionCount}` : ''}）`,
            children: <OpinionsPanel round={r} />,
          },
          { key: 'responses', label: '答复表', children: <ResponseMatrix round={r} /> },
          { key: 'decision', label: '结论与签名', children: <DecisionSection round={r} /> },
        ]}
      />
    </Card>
  );
}
