import { useState } from 'react';
import {
  Button,
  Card,
  Collapse,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useOutletContext } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import { FINDING_SEVERITIES, PRINT_STATUS_LABELS, type TPrintJob } from '../../../shared/library.ts';
import { hasPermission } from '../../auth/use-me.ts';
import {
  acceptPrintJob,
  createPrintJob,
  pressPrintJob,
  recordPrintEvent,
  resolvePrintFinding,
  useLibraryMutation,
  usePrintJobs,
} from './api.ts';

const KIND = { proof: '校样', delivery: '交付', finding: '质量问题' } as const;
const STATUS_COLOR: Record<TPrintJob['status'], string> = {
  proofing: 'blue',
  printing: 'orange',
  delivered: 'cyan',
  accepted: 'green',
};

function EventForm({ job }: { job: TPrintJob }) {
  const [kind, setKind] = useState<'proof' | 'delivery' | 'finding'>(job.status === 'proofing' ? 'proof' : 'delivery');
  const [form] = Form.useForm<{
    text?: string;
    quantity?: number;
    severity?: (typeof FINDING_SEVERITIES)[number];
    clause?: string;
    onDate: dayjs.Dayjs;
  }>();
  const record = useLibraryMutation(
    (v: Parameters<typeof recordPrintEvent>[1]) => recordPrintEvent(job.id, v),
    () => '已登记',
  );
  return (
    <Form
      form={form}
      layout="inline"
      style={{ rowGap: 8 }}
      initialValues={{ onDate: dayjs() }}
      onFinish={(v) => {
        const onDate = v.onDate.format('YYYY-MM-DD');
        const body =
          kind === 'proof'
            ? { kind, text: v.text ?? '', onDate }
            : kind === 'delivery'
              ? { kind, quantity: v.quantity ?? 0, text: v.text || '到货', onDate }
              : { kind, severity: v.severity ?? '一般', clause: v.clause ?? '', text: v.text ?? '', onDate };
        record.mutate(body, { onSuccess: () => form.resetFields(['text', 'quantity', 'clause']) });
      }}
    >
      <Select
        value={kind}
        onChange={setKind}
        style={{ width: 100 }}
        options={(Object.keys(KIND) as (keyof typeof KIND)[]).map((k) => ({ value: k, label: KIND[k] }))}
      />
      {kind === 'delivery' && (
        <Form.Item name="quantity" rules={[{ required: true, message: '数量' }]}>
          <InputNumber placeholder="册数" min={1} />
        </Form.Item>
      )}
      {kind === 'finding' && (
        <Form.Item name="severity" rules={[{ required: true, message: '程度' }]}>
          <Select
            placeholder="程度"
            style={{ width: 80 }}
            options={FINDING_SEVERITIES.map((s) => ({ value: s, label: s }))}
          />
        </Form.Item>
      )}
      {kind === 'finding' && (
        <Form.Item name="clause" rules={[{ required: true, message: '合同条款' }]}>
          <Input placeholder="合同条款" style={{ width: 140 }} />
        </Form.Item>
      )}
      <Form.Item name="text" rules={[{ required: kind !== 'delivery', message: '说明' }]}>
        <Input placeholder={kind === 'proof' ? '如：一校改错 37 处' : '说明'} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="onDate">
        <DatePicker allowClear={false} />
      </Form.Item>
      <Button htmlType="submit" loading={record.isPending}>
        登记
      </Button>
    </Form>
  );
}

/** 印刷采购与质量: print jobs (印数、规格、印刷厂、单价), proof rounds, press, deliveries, quality findings, acceptance. */
export function PrintingPage() {
  const me = useOutletContext<TCurrentUser>();
  const canManage = hasPermission(me, 'printing.manage');
  const jobs = usePrintJobs(true);
  const create = useLibraryMutation(createPrintJob, (j) => `已建印刷任务《${j.title}》`);
  const press = useLibraryMutation(pressPrintJob, () => '已付印');
  const accept = useLibraryMutation(acceptPrintJob, () => '已验收');
  const resolve = useLibraryMutation(resolvePrintFinding, () => '已处理');
  const [form] = Form.useForm<{
    title: string;
    quantity: number;
    format?: string;
    sheets?: string;
    paper?: string;
    binding?: string;
    colour?: string;
    supplier: string;
    procurementRef?: string;
    unitPrice: number;
    dueDate: dayjs.Dayjs;
  }>();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {canManage && (
        <Card size="small" title="新建印刷任务">
          <Form
            form={form}
            layout="inline"
            style={{ rowGap: 8 }}
            onFinish={(v) =>
              create.mutate(
                {
                  title: v.title,
                  quantity: v.quantity,
                  specs: {
                    format: v.format ?? '',
                    sheets: v.sheets ?? '',
                    paper: v.paper ?? '',
                    binding: v.binding ?? '',
                    colour: v.colour ?? '',
                  },
                  supplier: v.supplier,
                  procurementRef: v.procurementRef ?? null,
                  unitPrice: v.unitPrice,
                  dueDate: v.dueDate.format('YYYY-MM-DD'),
                },
                { onSuccess: () => form.resetFields() },
              )
            }
          >
            <Form.Item name="title" rules={[{ required: true, message: '出版物' }]}>
              <Input placeholder="出版物，如 临江县志（重印）" style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="quantity" rules={[{ required: true, message: '印数' }]}>
              <InputNumber placeholder="印数" min={1} />
            </Form.Item>
            <Form.Item name="format">
              <Input placeholder="开本" style={{ width: 70 }} />
            </Form.Item>
            <Form.Item name="sheets">
              <Input placeholder="印张" style={{ width: 70 }} />
            </Form.Item>
            <Form.Item name="paper">
              <Input placeholder="纸张" style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="binding">
              <Input placeholder="装订" style={{ width: 70 }} />
            </Form.Item>
            <Form.Item name="colour">
              <Input placeholder="印色" style={{ width: 70 }} />
            </Form.Item>
            <Form.Item name="supplier" rules={[{ required: true, message: '印刷厂' }]}>
              <Input placeholder="印刷厂" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="procurementRef">
              <Input placeholder="政府采购编号" style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="unitPrice" rules={[{ required: true, message: '单价' }]}>
              <InputNumber placeholder="单价（元）" min={0} />
            </Form.Item>
            <Form.Item name="dueDate" rules={[{ required: true, message: '交货期' }]}>
              <DatePicker placeholder="交货期" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              新建
            </Button>
          </Form>
        </Card>
      )}
      <Card title="印刷任务">
        <Collapse
          items={(jobs.data ?? []).map((j) => ({
            key: j.id,
            label: (
              <Space wrap>
                <Typography.Text strong>《{j.title}》</Typography.Text>
                <Tag color={STATUS_COLOR[j.status]}>{PRINT_STATUS_LABELS[j.status]}</Tag>
                {j.isLate && <Tag color="red">逾期</Tag>}
                {j.openFindings > 0 && <Tag color="volcano">质量问题 {j.openFindings}</Tag>}
                <Typography.Text type="secondary">
                  {j.delivered}/{j.quantity} 册 · {j.supplier}
                </Typography.Text>
              </Space>
            ),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text>
                  规格：{Object.values(j.specs).filter(Boolean).join(' · ') || '—'}；单价 {j.unitPrice} 元，金额{' '}
                  {j.amount.toLocaleString('zh-CN')} 元；交货期 {j.dueDate}
                  {j.procurementRef ? `；采购编号 ${j.procurementRef}` : ''}
                </Typography.Text>
                <Timeline
                  items={j.events.map((e) => ({
                    color:
                      e.kind === 'finding' ? (e.resolvedAt ? 'gray' : 'red') : e.kind === 'delivery' ? 'green' : 'blue',
                    children: (
                      <>
                        {e.onDate} {KIND[e.kind as keyof typeof KIND]}
                        {e.round ? `（第 ${e.round} 校）` : ''}
                        {e.quantity ? ` ${e.quantity} 册` : ''}
                        {e.severity ? `【${e.severity}】${e.clause}` : ''}：{e.text}
                        {e.kind === 'finding' && !e.resolvedAt && canManage && (
                          <Typography.Link style={{ marginLeft: 8 }} onClick={() => resolve.mutate(e.id)}>
                            已处理
                          </Typography.Link>
                        )}
                      </>
                    ),
                  }))}
                />
                {canManage && j.status !== 'accepted' && (
                  <Space wrap>
                    <EventForm job={j} />
                    {j.status === 'proofing' && <Button onClick={() => press.mutate(j.id)}>付印</Button>}
                    {j.status === 'delivered' && (
                      <Button type="primary" onClick={() => accept.mutate(j.id)}>
                        验收
                      </Button>
                    )}
                  </Space>
                )}
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
