import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { SUBMISSION_STATUS_LABELS, type TCycleDetail, type TValue } from '../../../shared/datareports.ts';
import { AppError } from '../../../shared/errors.ts';
import { downloadFile, errorMessage } from '../../api/client.ts';
import { saveMine, submitMine, uploadMine, useMySubmission } from './api.ts';
import { STATUS_COLOR } from './DataReportsPage.tsx';

/** 本单位填报: in the browser, or download the .xlsx, fill it, upload it; errors are listed by cell. */
export function MyReportCard({ cycle }: { cycle: TCycleDetail }) {
  const mine = useMySubmission(cycle.id, true);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, NonNullable<unknown> | undefined>>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const s = mine.data;
  const editable = s ? ['missing', 'draft', 'returned'].includes(s.status) : false;
  useEffect(() => {
    if (!s) return;
    const initial: Record<string, NonNullable<unknown> | undefined> = { __note: s.note ?? undefined };
    for (const f of cycle.definition.fields) {
      const v = s.values[f.key];
      initial[f.key] = f.type === 'date' && typeof v === 'string' ? dayjs(v) : (v ?? undefined);
    }
    form.setFieldsValue(initial as Record<string, NonNullable<unknown> | undefined>);
  }, [s, cycle.definition.fields, form]);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    setProblems([]);
    try {
      await fn();
      void message.success(ok);
      await queryClient.invalidateQueries();
    } catch (e) {
      setProblems(e instanceof AppError && e.details.length ? e.details.map((d) => d.message) : [errorMessage(e)]);
    } finally {
      setBusy(false);
    }
  };
  const collect = () => {
    const v = form.getFieldsValue();
    const values: Record<string, TValue> = {};
    for (const f of cycle.definition.fields) {
      const x = v[f.key];
      values[f.key] =
        x === undefined || x === null || x === '' ? null : dayjs.isDayjs(x) ? x.format('YYYY-MM-DD') : (x as TValue);
    }
    return { values, note: (v.__note as string | undefined) ?? null };
  };
  if (!s) return <Card title="本单位填报" loading />;
  let section: string | null = null;
  return (
    <Card
      title={
        <>
          本单位填报 <Tag color={STATUS_COLOR[s.status]}>{SUBMISSION_STATUS_LABELS[s.status]}</Tag>
        </>
      }
      extra={
        <Typography.Link
          onClick={() =>
            void downloadFile(`/api/datareports/cycles/${cycle.id}/template`, `${cycle.title}.xlsx`).catch(
              (e: unknown) => void message.error(errorMessage(e)),
            )
          }
        >
          <DownloadOutlined /> 下载 Excel 模板
        </Typography.Link>
      }
    >
      {s.status === 'returned' && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`已退回：${s.comment ?? ''}`} />
      )}
      {s.reviewerName && (
        <Typography.Paragraph type="secondary">提交后由{s.reviewerName}审核，再报省方志委接收。</Typography.Paragraph>
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message="有错误，未保存"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
          data-testid="report-errors"
        />
      )}
      {s.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="与上年相比变化较大，请在填报说明中写明原因"
          description={s.warnings.map((w) => `${w.label}：${w.message}`).join('；')}
        />
      )}
      <Form form={form} layout="vertical" disabled={!editable}>
        {cycle.definition.fields.map((f) => {
          const heading =
            f.section && f.section !== section ? (
              <Typography.Title level={5} key={`h-${f.key}`}>
                {f.section}
              </Typography.Title>
            ) : null;
          section = f.section;
          const input =
            f.type === 'choice' ? (
              <Select style={{ width: 160 }} options={f.options.map((o) => ({ value: o, label: o }))} allowClear />
            ) : f.type === 'date' ? (
              <DatePicker />
            ) : f.type === 'text' ? (
              <Input style={{ maxWidth: 360 }} />
            ) : (
              <InputNumber
                style={{ width: 180 }}
                addonAfter={f.unit ?? undefined}
                min={f.min ?? undefined}
                max={f.max ?? undefined}
                precision={f.type === 'integer' ? 0 : undefined}
              />
            );
          return (
            <div key={f.key}>
              {heading}
              <Form.Item name={f.key} label={f.label} required={f.required} extra={f.help ?? undefined}>
                {input}
              </Form.Item>
            </div>
          );
        })}
        <Form.Item name="__note" label="填报说明">
          <Input.TextArea rows={2} placeholder="同比变化较大时写明原因" />
        </Form.Item>
      </Form>
      {editable && (
        <Space wrap>
          <Button loading={busy} onClick={() => void act(() => saveMine(cycle.id, collect()), '已保存草稿')}>
            保存草稿
          </Button>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              const body = new FormData();
              body.set('file', file);
              void act(() => uploadMine(cycle.id, body), `已读入“${file.name}”，请核对后提交`);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy}>
              上传填好的 Excel
            </Button>
          </Upload>
          <Button
            type="primary"
            loading={busy}
            disabled={s.status === 'missing'}
            onClick={() =>
              void act(async () => {
                await saveMine(cycle.id, collect());
                await submitMine(cycle.id);
              }, '已提交')
            }
          >
            提交
          </Button>
        </Space>
      )}
    </Card>
  );
}
