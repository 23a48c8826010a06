import { useEffect, useRef } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Space, Tag, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { TReport, TReportDraft, TTaskView } from '../../../shared/reports.ts';
import { REPORT_STATUS_LABELS } from '../../../shared/supervision.ts';
import { downloadFile, errorMessage } from '../../api/client.ts';
import { useDeleteAttachment, useSaveReport, useSubmitReport, useUploadAttachment } from './api.ts';

const ATTACHMENT_ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.zip';
const MAX_BYTES = 10 * 1024 * 1024;

interface FormValues {
  progressText: string;
  percent: number | null;
  problems: string;
  nextSteps: string;
  milestonesReached: number[];
  actuals: Record<string, number | null>;
}

function toDraft(v: FormValues, role: 'lead' | 'support'): TReportDraft {
  if (role === 'support') return { progressText: v.progressText ?? '', problems: v.problems, nextSteps: v.nextSteps };
  return {
    progressText: v.progressText ?? '',
    percent: v.percent ?? null,
    problems: v.problems,
    nextSteps: v.nextSteps,
    milestonesReached: v.milestonesReached ?? [],
    indicatorActuals: Object.entries(v.actuals ?? {})
      .filter((e): e is [string, number] => typeof e[1] === 'number')
      .map(([id, value]) => ({ indicatorId: Number(id), value })),
  };
}

/** The actor's unit's report for one period: 保存草稿 / 提交审核, attachments once the draft exists. */
export function ReportForm({
  view,
  period,
  report,
  role,
}: {
  view: TTaskView;
  period: string;
  report: TReport | undefined;
  role: 'lead' | 'support';
}) {
  const { message } = App.useApp();
  const taskId = view.task.id;
  const [form] = Form.useForm<FormValues>();
  const save = useSaveReport(taskId);
  const submit = useSubmitReport(taskId);
  const upload = useUploadAttachment(taskId);
  const detach = useDeleteAttachment(taskId);
  const editable = !report || report.status === 'draft' || report.status === 'returned';

  useEffect(() => {
    form.setFieldsValue({
      progressText: report?.progressText ?? '',
      percent: report?.percent ?? null,
      problems: report?.problems ?? '',
      nextSteps: report?.nextSteps ?? '',
      milestonesReached: report?.milestonesReached ?? [],
      actuals: Object.fromEntries(
        view.indicators.map((i) => [
          String(i.id),
          report?.indicatorActuals.find((a) => a.indicatorId === i.id)?.value ?? null,
        ]),
      ),
    });
  }, [form, report, view.indicators, period]);

  // One action at a time: a double click must not save a report the first click already submitted.
  const busy = useRef(false);
  const act = async (kind: 'save' | 'submit') => {
    if (busy.current) return;
    busy.current = true;
    const draft = toDraft(form.getFieldsValue(), role);
    try {
      if (kind === 'save') await save.mutateAsync({ period, draft });
      else await submit.mutateAsync({ period, draft });
      message.success(kind === 'save' ? '草稿已保存' : '已提交，等待处室负责人审核');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      busy.current = false;
    }
  };

  return (
    <div data-testid="report-form">
      <Space style={{ marginBottom: 12 }}>
        <span>本单位（{role === 'lead' ? '牵头' : '配合'}）报告状态：</span>
        <Tag
          color={
            report?.status === 'approved'
              ? 'green'
              : report?.status === 'returned'
                ? 'red'
                : report?.status === 'submitted'
                  ? 'orange'
                  : 'default'
          }
          data-testid="report-status"
        >
          {report ? REPORT_STATUS_LABELS[report.status] : '未填报'}
        </Tag>
      </Space>
      {report?.status === 'returned' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`已退回：${report.decisionComment ?? ''}`}
          description="请按意见修改后重新提交审核。"
        />
      )}
      {report?.status === 'approved' && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          message="已审核通过，不能再修改；确需修改，请处室负责人或督办员先退回。"
        />
      )}
      {report?.status === 'submitted' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="已提交，正在等待处室负责人审核。" />
      )}
      {/* A frozen report is shown once, read-only, in 本期各单位报告 below; the form is for writing. */}
      <Form form={form} layout="vertical" hidden={!editable}>
        <Form.Item name="progressText" label={role === 'lead' ? '进展情况' : '配合工作情况'} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={4} placeholder="本期完成了哪些工作，数字写具体" />
        </Form.Item>
        {role === 'lead' && (
          <>
            <Form.Item name="percent" label="完成进度（%）">
              <InputNumber min={0} max={100} precision={0} addonAfter="%" style={{ width: 160 }} />
            </Form.Item>
            {view.milestones.length > 0 && (
              <Form.Item name="milestonesReached" label="本期完成的节点">
                <Checkbox.Group
                  options={view.milestones.map((m) => ({
                    value: m.id,
                    label: `${m.name}（${m.dueDate}）`,
                    disabled: !!m.reachedAt && !report?.milestonesReached.includes(m.id),
                  }))}
                />
              </Form.Item>
            )}
            {view.indicators.length > 0 && (
              <Space wrap>
                {view.indicators.map((i) => (
                  <Form.Item
                    key={i.id}
                    name={['actuals', String(i.id)]}
                    label={`${i.name}（实际，目标 ${i.targetValue}${i.unit}）`}
                  >
                    <InputNumber min={0} addonAfter={i.unit || undefined} style={{ width: 200 }} />
                  </Form.Item>
                ))}
              </Space>
            )}
          </>
        )}
        <Form.Item name="problems" label="存在问题">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="nextSteps" label="下一步计划">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item
          label="附件"
          extra={report ? 'PDF、Word、Excel、JPG、PNG 或 ZIP，单个不超过 10 MB' : '请先保存草稿，再上传附件'}
        >
          <Upload
            accept={ATTACHMENT_ACCEPT}
            disabled={!editable || !report}
            fileList={(report?.attachments ?? []).map((a) => ({
              uid: String(a.id),
              name: a.fileName,
              status: 'done' as const,
              url: `/api/attachments/${a.id}`,
            }))}
            onPreview={(f) => {
              if (f.url) downloadFile(f.url, f.name).catch((error: unknown) => void message.error(errorMessage(error)));
            }}
            beforeUpload={(file) => {
              if (file.size > MAX_BYTES) {
                message.error(`“${file.name}”超过 10 MB 的上限，请压缩或拆分后再上传。`);
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={({ file, onSuccess, onError }) => {
              if (!report) return;
              upload
                .mutateAsync({ reportId: report.id, file: file as File })
                .then((r) => {
                  onSuccess?.(r);
                  message.success('附件已上传');
                })
                .catch((e: unknown) => {
                  message.error(errorMessage(e));
                  onError?.(e as Error);
                });
            }}
            onRemove={(f) =>
              detach
                .mutateAsync(Number(f.uid))
                .then(() => true)
                .catch((e: unknown) => (message.error(errorMessage(e)), false))
            }
          >
            <Button icon={<UploadOutlined />} disabled={!editable || !report}>
              上传附件
            </Button>
          </Upload>
        </Form.Item>
      </Form>
      {editable && (
        <Space>
          <Button onClick={() => void act('save')} loading={save.isPending} disabled={submit.isPending}>
            保存草稿
          </Button>
          <Button
            type="primary"
            onClick={() => void act('submit')}
            loading={submit.isPending}
            disabled={save.isPending}
          >
            提交审核
          </Button>
        </Space>
      )}
    </div>
  );
}
