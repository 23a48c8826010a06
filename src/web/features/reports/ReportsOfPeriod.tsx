import { useState } from 'react';
import { App, Button, Descriptions, Empty, Input, Modal, Space, Tag, Typography } from 'antd';
import type { TReport, TTaskView } from '../../../shared/reports.ts';
import { REPORT_STATUS_LABELS } from '../../../shared/supervision.ts';
import { errorMessage } from '../../api/client.ts';
import { useDecideReport } from './api.ts';
import { DownloadLink } from '../../ui/DownloadLink.tsx';

const STATUS_COLOR = { draft: 'default', submitted: 'orange', approved: 'green', returned: 'red' } as const;

/**
 * Every unit's report of the period as filed (drafts of other units are not shown), with 审核通过 / 退回 for the unit
 * head of the reporting unit and 退回 for the supervisor.
 */
export function ReportsOfPeriod({
  view,
  reports,
  myUnitId,
  isSupervisor,
}: {
  view: TTaskView;
  reports: TReport[];
  myUnitId: number | null;
  isSupervisor: boolean;
}) {
  const { message } = App.useApp();
  const decide = useDecideReport(view.task.id);
  const [returning, setReturning] = useState<TReport | null>(null);
  const [comment, setComment] = useState('');
  const shown = reports.filter((r) => r.status !== 'draft' || r.unitId === myUnitId);
  if (shown.length === 0) return <Empty description="本期尚无报告" />;
  const milestoneName = (id: number) => view.milestones.find((m) => m.id === id)?.name ?? `节点 ${id}`;
  const indicator = (id: number) => view.indicators.find((i) => i.id === id);

  const approve = (r: TReport) =>
    decide
      .mutateAsync({ id: r.id, decision: 'approve', comment: '' })
      .then(() => message.success('已审核通过'))
      .catch((e: unknown) => message.error(errorMessage(e)));
  const sendBack = async () => {
    if (!returning) return;
    try {
      await decide.mutateAsync({ id: returning.id, decision: 'return', comment });
      message.success('已退回');
      setReturning(null);
      setComment('');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {shown.map((r) => {
        const head = view.permissions.approve && r.unitId === myUnitId;
        return (
          <div
            key={r.id}
            data-testid={`report-${r.unitName}`}
            style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 12 }}
          >
            <Space style={{ marginBottom: 8 }} wrap>
              <Typography.Text strong>{r.unitName}</Typography.Text>
              <Tag>{r.role === 'lead' ? '牵头' : '配合'}</Tag>
              <Tag color={STATUS_COLOR[r.status]}>{REPORT_STATUS_LABELS[r.status]}</Tag>
              {r.percent !== null && <Tag color="blue">完成 {r.percent}%</Tag>}
              {r.submittedAt && (
                <Typography.Text type="secondary">
                  提交于 {r.submittedAt.slice(0, 16).replace('T', ' ')}
                </Typography.Text>
              )}
            </Space>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="进展情况">{r.progressText || '—'}</Descriptions.Item>
              {r.milestonesReached.length > 0 && (
                <Descriptions.Item label="完成节点">
                  {r.milestonesReached.map(milestoneName).join('、')}
                </Descriptions.Item>
              )}
              {r.indicatorActuals.length > 0 && (
                <Descriptions.Item label="指标实际">
                  {r.indicatorActuals
                    .map(
                      (a) =>
                        `${indicator(a.indicatorId)?.name ?? a.indicatorId} ${a.value}${indicator(a.indicatorId)?.unit ?? ''}`,
                    )
                    .join('；')}
                </Descriptions.Item>
              )}
              {r.problems && <Descriptions.Item label="存在问题">{r.problems}</Descriptions.Item>}
              {r.nextSteps && <Descriptions.Item label="下一步计划">{r.nextSteps}</Descriptions.Item>}
              {r.attachments.length > 0 && (
                <Descriptions.Item label="附件">
                  <Space wrap>
                    {r.attachments.map((a) => (
                      <DownloadLink key={a.id} href={`/api/attachments/${a.id}`} fileName={a.fileName}>
                        {a.fileName}（{Math.max(1, Math.round(a.size / 1024))} KB）
                      </DownloadLink>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
              {r.decisionComment && (
                <Descriptions.Item label="审核意见">
                  {r.decisionComment}（{r.decidedBy}）
                </Descriptions.Item>
              )}
            </Descriptions>
            <Space style={{ marginTop: 8 }}>
              {head && r.status === 'submitted' && (
                <Button type="primary" onClick={() => void approve(r)} loading={decide.isPending}>
                  审核通过
                </Button>
              )}
              {((head && r.status === 'submitted') ||
                (isSupervisor && (r.status === 'submitted' || r.status === 'approved'))) && (
                <Button danger autoInsertSpace={false} onClick={() => setReturning(r)}>
                  退回
                </Button>
              )}
            </Space>
          </div>
        );
      })}
      <Modal
        title={`退回${returning?.unitName ?? ''}的报告`}
        open={returning !== null}
        okText="确认退回"
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: !comment.trim() }}
        onOk={() => void sendBack()}
        onCancel={() => setReturning(null)}
      >
        <Input.TextArea
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder="请写明需要修改或补充什么"
          aria-label="退回意见"
        />
      </Modal>
    </Space>
  );
}
