import { useState } from 'react';
import { App, Button, Card, Empty, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { downloadFile, errorMessage } from '../../api/client.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { CLOSURE_STATUS_LABELS, type TInstruction } from '../../../shared/supervision-loop.ts';
import type { TChase } from '../../../shared/supervision.ts';
import {
  useAckChase,
  useAckTask,
  useAnswerChase,
  useAnswerInstruction,
  useChases,
  useDecideClosure,
  useRemindAcks,
  useRequestClosure,
  useTaskLoop,
  useWriteInstruction,
} from './api.ts';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

/** A short text box with a send button that clears itself once sent. */
function SendBox({
  placeholder,
  button,
  onSend,
  pending,
  testId,
}: {
  placeholder: string;
  button: string;
  onSend: (text: string) => Promise<unknown>;
  pending: boolean;
  testId: string;
}) {
  const [text, setText] = useState('');
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input.TextArea
        data-testid={`${testId}-input`}
        autoSize={{ minRows: 1, maxRows: 4 }}
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
      />
      <Button
        type="primary"
        data-testid={`${testId}-send`}
        loading={pending}
        disabled={pending || text.trim().length === 0}
        onClick={() =>
          void onSend(text.trim()).then(
            () => setText(''),
            () => undefined,
          )
        }
      >
        {button}
      </Button>
    </Space.Compact>
  );
}

function ChaseItem({ chase, myUnitId }: { chase: TChase; myUnitId: number | null }) {
  const { message } = App.useApp();
  const ack = useAckChase();
  const answer = useAnswerChase();
  const mine = myUnitId === chase.unitId;
  return (
    <List.Item data-testid={`chase-${chase.id}`}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={chase.level > 0 ? 'red' : 'orange'}>{chase.levelLabel}</Tag>
          {chase.docNumber && <Typography.Text strong>{chase.docNumber}</Typography.Text>}
          <span>{chase.unitName}</span>
          {chase.replyBy && <Typography.Text type="secondary">回复期限 {chase.replyBy}</Typography.Text>}
          {chase.level > 0 && (
            <Button
              size="small"
              type="link"
              data-testid={`chase-doc-${chase.id}`}
              onClick={() =>
                void downloadFile(`/api/chases/${chase.id}/document.docx`, `${chase.docNumber ?? '督办单'}.docx`).catch(
                  (e: unknown) => message.error(errorMessage(e)),
                )
              }
            >
              下载督办单
            </Button>
          )}
        </Space>
        <div>{chase.message}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {chase.signer ? `签发人 ${chase.signer}` : chase.createdBy} · {day(chase.createdAt)} ·{' '}
          {chase.ackedAt ? `已签收 ${day(chase.ackedAt)}` : '未签收'}
        </Typography.Text>
        {chase.answeredAt ? (
          <div>
            回复（{day(chase.answeredAt)}）{chase.repliedLate && <Tag color="red">逾期回复</Tag>}：{chase.replyText}
          </div>
        ) : mine ? (
          <>
            {!chase.ackedAt && (
              <Button
                size="small"
                data-testid={`chase-ack-${chase.id}`}
                loading={ack.isPending}
                onClick={() => ack.mutate(chase.id)}
              >
                签收
              </Button>
            )}
            <SendBox
              testId={`chase-reply-${chase.id}`}
              placeholder="填写办理情况"
              button="回复"
              pending={answer.isPending}
              onSend={(reply) => answer.mutateAsync({ id: chase.id, reply })}
            />
          </>
        ) : (
          <Tag>待回复</Tag>
        )}
      </Space>
    </List.Item>
  );
}

function InstructionItem({
  item,
  canAnswer,
  myUnitId,
}: {
  item: TInstruction;
  canAnswer: boolean;
  myUnitId: number | null;
}) {
  const answer = useAnswerInstruction();
  const waiting = myUnitId !== null && item.awaiting.some((u) => u.unitId === myUnitId);
  return (
    <List.Item data-testid={`instruction-${item.id}`}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <div>
          <Tag color="magenta">批示</Tag>
          {item.text}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.authorName} · {day(item.createdAt)}
        </Typography.Text>
        {item.replies.map((r) => (
          <div key={r.unitId}>
            <Typography.Text strong>{r.unitName}</Typography.Text>（{day(r.repliedAt)}）：{r.text}
          </div>
        ))}
        {item.awaiting.length > 0 && (
          <Typography.Text type="warning">待回复：{item.awaiting.map((u) => u.unitName).join('、')}</Typography.Text>
        )}
        {canAnswer && waiting && (
          <SendBox
            testId={`instruction-reply-${item.id}`}
            placeholder="填写落实情况"
            button="回复"
            pending={answer.isPending}
            onSend={(text) => answer.mutateAsync({ id: item.id, text })}
          />
        )}
      </Space>
    </List.Item>
  );
}

/** 督办 on the task page: 签收, 催办/督办单 with replies, 领导批示 with answers, 申请办结 and its decision. */
export function TaskLoopCard({
  taskId,
  planId,
  closed,
  myUnitId,
}: {
  taskId: number;
  planId: number;
  /** 办结: nobody need acknowledge it any more. */
  closed: boolean;
  myUnitId: number | null;
}) {
  const loop = useTaskLoop(taskId);
  const { data: me } = useMe();
  const remind = useRemindAcks();
  const chases = useChases(taskId);
  const ack = useAckTask();
  const request = useRequestClosure();
  const decide = useDecideClosure();
  const instruct = useWriteInstruction();
  const [comment, setComment] = useState('');
  if (loop.isPending) return <Spin />;
  if (loop.isError) return null;
  const l = loop.data;
  const pending = l.closureRequests.find((c) => c.status === 'pending');
  return (
    <Card size="small" title="督办" data-testid="task-loop">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <div data-testid="acks">
          <Typography.Text strong>签收：</Typography.Text>
          {l.acks.map((a) => (
            <Tag key={a.unitId} color={a.ackedAt ? 'green' : 'default'}>
              {a.unitName}
              {a.ackedAt ? ` 已签收 ${day(a.ackedAt)}` : ' 未签收'}
            </Tag>
          ))}
          {l.can.ack && (
            <Button
              size="small"
              type="primary"
              data-testid="ack-task"
              loading={ack.isPending}
              onClick={() => ack.mutate(taskId)}
            >
              签收任务
            </Button>
          )}
          {hasPermission(me, 'task.chase') && !closed && l.acks.some((a) => !a.ackedAt) && (
            <Button
              size="small"
              data-testid="remind-ack-task"
              loading={remind.isPending}
              onClick={() => remind.mutate({ planId, taskId })}
            >
              催签收
            </Button>
          )}
        </div>
        {(chases.data?.length ?? 0) > 0 && (
          <List
            size="small"
            header={<Typography.Text strong>催办与督办单</Typography.Text>}
            dataSource={chases.data}
            renderItem={(c) => <ChaseItem key={c.id} chase={c} myUnitId={myUnitId} />}
          />
        )}
        <List
          size="small"
          header={<Typography.Text strong>领导批示</Typography.Text>}
          dataSource={l.instructions}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无批示" /> }}
          renderItem={(i) => <InstructionItem key={i.id} item={i} canAnswer={l.can.answer} myUnitId={myUnitId} />}
        />
        {l.can.instruct && (
          <SendBox
            testId="instruction"
            placeholder="填写批示内容，将推送至牵头和配合单位"
            button="批示"
            pending={instruct.isPending}
            onSend={(text) => instruct.mutateAsync({ taskId, text })}
          />
        )}
        <div data-testid="closure">
          <Typography.Text strong>办结：</Typography.Text>
          {l.closureRequests.map((c) => (
            <div key={c.id}>
              <Tag color={c.status === 'approved' ? 'green' : c.status === 'returned' ? 'red' : 'orange'}>
                {CLOSURE_STATUS_LABELS[c.status]}
              </Tag>
              {c.unitName}申请（{day(c.requestedAt)}）：{c.evidence}
              {c.decisionComment && <Typography.Text type="secondary">。意见：{c.decisionComment}</Typography.Text>}
            </div>
          ))}
          {l.can.requestClosure && (
            <SendBox
              testId="closure-request"
              placeholder="办结依据：完成情况、成果、文件"
              button="申请办结"
              pending={request.isPending}
              onSend={(evidence) => request.mutateAsync({ taskId, evidence })}
            />
          )}
          {l.can.decideClosure && pending && (
            <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
              <Input.TextArea
                data-testid="closure-comment"
                autoSize={{ minRows: 1, maxRows: 3 }}
                placeholder="意见（退回时必填）"
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <Space>
                <Button
                  type="primary"
                  data-testid="closure-approve"
                  loading={decide.isPending}
                  onClick={() => decide.mutate({ id: pending.id, approve: true, comment })}
                >
                  同意办结
                </Button>
                <Button
                  danger
                  data-testid="closure-return"
                  loading={decide.isPending}
                  onClick={() => decide.mutate({ id: pending.id, approve: false, comment })}
                >
                  退回
                </Button>
              </Space>
            </Space>
          )}
        </div>
      </Space>
    </Card>
  );
}
