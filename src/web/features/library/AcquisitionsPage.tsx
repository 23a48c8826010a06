import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useOutletContext } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import { LIBRARY_METRIC_LABELS, LIBRARY_METRICS, type TFund, type TOrder } from '../../../shared/library.ts';
import type { TIndicator } from '../../../shared/reports.ts';
import { api } from '../../api/client.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { usePlans } from '../workplan/api.ts';
import type { TPlanDetail } from '../../../shared/workplan.ts';
import { useQuery } from '@tanstack/react-query';
import {
  bindIndicator,
  claimOrder,
  createFund,
  placeOrder,
  receiveOrder,
  unbindIndicator,
  useFunds,
  useLibraryIndicators,
  useLibraryMutation,
  useOrders,
} from './api.ts';
import { RecordPicker } from './RecordPicker.tsx';
import { usePhone } from './use-phone.ts';

const STATE = {
  ok: { color: 'green', text: '正常' },
  warning: { color: 'orange', text: '预警' },
  stopped: { color: 'red', text: '停止下单' },
} as const;
const STATUS: Record<TOrder['status'], string> = {
  open: '待到货',
  partial: '部分到货',
  received: '已到齐',
  cancelled: '已取消',
};
const money = (n: number) => `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;

function FundCard({ f }: { f: TFund }) {
  return (
    <Card
      size="small"
      title={`${f.year} 年 ${f.name}`}
      extra={<Tag color={STATE[f.state].color}>{STATE[f.state].text}</Tag>}
    >
      <Progress
        percent={Math.min(100, f.percentCommitted)}
        status={f.state === 'stopped' ? 'exception' : f.state === 'warning' ? 'active' : 'normal'}
        format={() => `${f.percentCommitted}%`}
      />
      <Typography.Text type="secondary">
        经费 {money(f.amount)} · 已订 {money(f.committed)} · 已到 {money(f.spent)} · 预警 {f.warnPercent}% / 停止{' '}
        {f.stopPercent}%
      </Typography.Text>
    </Card>
  );
}

function BindIndicatorCard() {
  const plans = usePlans();
  const [planId, setPlanId] = useState<number | null>(null);
  const [taskId, setTaskId] = useState<number | null>(null);
  const plan = useQuery({
    queryKey: ['plans', planId],
    enabled: planId !== null,
    queryFn: () => api.get<TPlanDetail>(`/api/plans/${planId}`),
  });
  const indicators = useQuery({
    queryKey: ['tasks', taskId, 'indicators'],
    enabled: taskId !== null,
    queryFn: () => api.get<TIndicator[]>(`/api/tasks/${taskId}/indicators`),
  });
  const bound = useLibraryIndicators();
  const bind = useLibraryMutation(bindIndicator, (r) => `已绑定，当前值 ${r.value}`);
  const unbind = useLibraryMutation(unbindIndicator, () => '已取消自动取数');
  const [form] = Form.useForm<{ indicatorId: number; metric: (typeof LIBRARY_METRICS)[number]; year: number }>();
  const tasks = plan.data?.sections.flatMap((s) => s.tasks) ?? [];
  return (
    <Card title="任务指标自动取数" size="small">
      <Typography.Paragraph type="secondary">
        把工作要点任务的量化指标（如“新购图书2000册”“馆藏达到17万册”）绑定到馆藏统计，任务页和领导看板显示实时数，不再手工填报。
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={bound.data}
        locale={{ emptyText: '尚未绑定' }}
        renderItem={(b) => (
          <List.Item
            actions={[
              <Typography.Link key="u" type="danger" onClick={() => unbind.mutate(b.indicatorId)}>
                取消
              </Typography.Link>,
            ]}
          >
            指标 #{b.indicatorId}：{b.unitName} {b.year} 年 {LIBRARY_METRIC_LABELS[b.metric]} ={' '}
            <Typography.Text strong>{b.value.toLocaleString('zh-CN')}</Typography.Text>
          </List.Item>
        )}
      />
      <Form
        form={form}
        layout="inline"
        style={{ rowGap: 8, marginTop: 8 }}
        initialValues={{ metric: 'purchased_in_year', year: dayjs().year() }}
        onFinish={(v) => bind.mutate({ indicatorId: v.indicatorId, metric: v.metric, year: v.year })}
      >
        <Select
          placeholder="工作要点"
          style={{ width: 200 }}
          value={planId ?? undefined}
          onChange={(v: number) => {
            setPlanId(v);
            setTaskId(null);
          }}
          options={(plans.data ?? []).map((p) => ({ value: p.id, label: `${p.year} ${p.title}` }))}
        />
        <Select
          placeholder="任务"
          style={{ width: 200 }}
          value={taskId ?? undefined}
          onChange={(v: number) => setTaskId(v)}
          showSearch
          optionFilterProp="label"
          options={tasks.map((t) => ({ value: t.id, label: `${t.number}. ${t.text.slice(0, 24)}` }))}
        />
        <Form.Item name="indicatorId" rules={[{ required: true, message: '请选择指标' }]}>
          <Select
            placeholder="量化指标"
            style={{ width: 180 }}
            options={(indicators.data ?? []).map((i) => ({
              value: i.id,
              label: `${i.name}（${i.targetValue}${i.unit}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="metric">
          <Select
            style={{ width: 220 }}
            options={LIBRARY_METRICS.map((m) => ({ value: m, label: LIBRARY_METRIC_LABELS[m] }))}
          />
        </Form.Item>
        <Form.Item name="year">
          <InputNumber style={{ width: 90 }} />
        </Form.Item>
        <Button htmlType="submit" loading={bind.isPending}>
          绑定
        </Button>
      </Form>
    </Card>
  );
}

/** 采购: funds against their warning and stop lines, orders, receiving (creates copies) and claims for late orders. */
export function AcquisitionsPage() {
  const me = useOutletContext<TCurrentUser>();
  const canManage = hasPermission(me, 'acquisition.manage');
  const canBind = hasPermission(me, 'library.bind_indicator');
  const phone = usePhone();
  const [year, setYear] = useState<number | undefined>(undefined);
  const funds = useFunds(year);
  const orders = useOrders(year);
  const [fundOpen, setFundOpen] = useState(false);
  const [receiving, setReceiving] = useState<TOrder | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const newFund = useLibraryMutation(createFund, (f) => `已设立经费“${f.name}”`);
  const order = useLibraryMutation(placeOrder, (o) => `已下单：《${o.title}》${o.quantity} 册`);
  const receive = useLibraryMutation(
    (v: { id: number; quantity: number; receivedOn: string | null; location: string | null }) => receiveOrder(v.id, v),
    (o) => `已验收，累计到货 ${o.receivedQuantity}/${o.quantity} 册`,
  );
  const claim = useLibraryMutation(
    (v: { id: number; note: string }) => claimOrder(v.id, v.note),
    () => '已登记催缺',
  );
  const [fundForm] = Form.useForm<{
    year: number;
    name: string;
    amount: number;
    warnPercent: number;
    stopPercent: number;
  }>();
  const [orderForm] = Form.useForm<{
    fundId: number;
    recordId: number;
    vendor: string;
    quantity: number;
    unitPrice: number;
    orderedOn: dayjs.Dayjs;
    expectedBy: dayjs.Dayjs;
  }>();
  const [receiveForm] = Form.useForm<{ quantity: number; receivedOn?: dayjs.Dayjs; location?: string }>();
  const actions = (o: TOrder) => (
    <Space>
      {canManage && (o.status === 'open' || o.status === 'partial') && (
        <Typography.Link
          onClick={() => {
            setReceiving(o);
            receiveForm.setFieldsValue({ quantity: o.quantity - o.receivedQuantity, receivedOn: undefined });
          }}
        >
          验收
        </Typography.Link>
      )}
      {canManage && o.isLate && (
        <Typography.Link
          onClick={() =>
            claim.mutate({ id: o.id, note: `订单逾期未到（已到 ${o.receivedQuantity}/${o.quantity} 册），请尽快发货` })
          }
        >
          催缺
        </Typography.Link>
      )}
    </Space>
  );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <span>年度</span>
        <InputNumber value={year} placeholder="全部" onChange={(v) => setYear(v ?? undefined)} style={{ width: 100 }} />
        {canManage && <Button onClick={() => setFundOpen(true)}>设立经费</Button>}
      </Space>
      <Row gutter={[16, 16]}>
        {(funds.data ?? []).map((f) => (
          <Col xs={24} md={8} key={f.id}>
            <FundCard f={f} />
          </Col>
        ))}
        {funds.data?.length === 0 && (
          <Col span={24}>
            <Alert type="info" showIcon message={year ? `${year} 年尚未设立采购经费` : '尚未设立采购经费'} />
          </Col>
        )}
      </Row>
      {canManage && (funds.data?.length ?? 0) > 0 && (
        <Card title="订购" size="small">
          {warning && (
            <Alert
              type="warning"
              showIcon
              closable
              onClose={() => setWarning(null)}
              message={warning}
              style={{ marginBottom: 8 }}
            />
          )}
          <Form
            form={orderForm}
            layout="inline"
            style={{ rowGap: 8 }}
            initialValues={{ orderedOn: dayjs(), expectedBy: dayjs().add(30, 'day'), quantity: 1 }}
            onFinish={(v) =>
              order.mutate(
                {
                  fundId: v.fundId,
                  recordId: v.recordId,
                  vendor: v.vendor,
                  quantity: v.quantity,
                  unitPrice: v.unitPrice,
                  orderedOn: v.orderedOn.format('YYYY-MM-DD'),
                  expectedBy: v.expectedBy.format('YYYY-MM-DD'),
                },
                {
                  onSuccess: (o) => {
                    setWarning(o.warning);
                    orderForm.resetFields(['recordId', 'quantity', 'unitPrice']);
                  },
                },
              )
            }
          >
            <Form.Item name="fundId" rules={[{ required: true, message: '请选择经费' }]}>
              <Select
                placeholder="经费"
                style={{ width: 150 }}
                options={(funds.data ?? []).map((f) => ({
                  value: f.id,
                  label: f.name,
                  disabled: f.state === 'stopped',
                }))}
              />
            </Form.Item>
            <Form.Item name="recordId" rules={[{ required: true, message: '请选择书目' }]}>
              <RecordPicker />
            </Form.Item>
            <Form.Item name="vendor" rules={[{ required: true, message: '请填写供应商' }]}>
              <Input placeholder="供应商" style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="quantity" label="册数" rules={[{ required: true }]}>
              <InputNumber min={1} style={{ width: 80 }} />
            </Form.Item>
            <Form.Item name="unitPrice" label="单价" rules={[{ required: true, message: '请填写单价' }]}>
              <InputNumber min={0} style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="orderedOn" label="订购">
              <DatePicker allowClear={false} />
            </Form.Item>
            <Form.Item name="expectedBy" label="预计到货">
              <DatePicker allowClear={false} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={order.isPending}>
              下单
            </Button>
          </Form>
        </Card>
      )}
      <Card title="订单" size="small">
        {phone ? (
          <List<TOrder>
            dataSource={orders.data}
            renderItem={(o) => (
              <List.Item extra={actions(o)}>
                <List.Item.Meta
                  title={
                    <>
                      《{o.title}》 {o.isLate && <Tag color="red">逾期</Tag>}
                    </>
                  }
                  description={`${o.vendor} · ${o.receivedQuantity}/${o.quantity} 册 · ${STATUS[o.status]} · 预计 ${o.expectedBy}${o.claims.length ? ` · 已催缺 ${o.claims.length} 次` : ''}`}
                />
              </List.Item>
            )}
          />
        ) : (
          <Table<TOrder>
            rowKey="id"
            size="small"
            dataSource={orders.data}
            loading={orders.isPending}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: '书目', dataIndex: 'title', render: (t: string) => `《${t}》` },
              { title: '经费', dataIndex: 'fundName', width: 110 },
              { title: '供应商', dataIndex: 'vendor', width: 120 },
              { title: '到货/订购', key: 'q', width: 100, render: (_, o) => `${o.receivedQuantity}/${o.quantity}` },
              { title: '金额', key: 'm', width: 110, render: (_, o) => money(o.quantity * o.unitPrice) },
              { title: '预计到货', dataIndex: 'expectedBy', width: 110 },
              {
                title: '状态',
                key: 's',
                width: 140,
                render: (_, o) => (
                  <>
                    {STATUS[o.status]} {o.isLate && <Tag color="red">逾期</Tag>}
                    {o.claims.length > 0 && <Tag>催缺 {o.claims.length}</Tag>}
                  </>
                ),
              },
              { title: '', key: 'ops', width: 110, render: (_, o) => actions(o) },
            ]}
          />
        )}
      </Card>
      {canBind && <BindIndicatorCard />}
      <Modal
        open={fundOpen}
        title="设立采购经费"
        okText="保存"
        cancelText="取消"
        onCancel={() => setFundOpen(false)}
        onOk={() => fundForm.submit()}
        confirmLoading={newFund.isPending}
        destroyOnHidden
      >
        <Form
          form={fundForm}
          layout="vertical"
          initialValues={{ year: year ?? dayjs().year(), name: '购书经费', warnPercent: 80, stopPercent: 100 }}
          onFinish={(v) => newFund.mutate(v, { onSuccess: () => setFundOpen(false) })}
        >
          <Form.Item name="year" label="年度" rules={[{ required: true }]}>
            <InputNumber />
          </Form.Item>
          <Form.Item name="name" label="经费名称" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="amount" label="金额（元）" rules={[{ required: true, message: '请填写金额' }]}>
            <InputNumber min={1} style={{ width: 200 }} />
          </Form.Item>
          <Space>
            <Form.Item name="warnPercent" label="预警比例 %">
              <InputNumber min={1} max={100} />
            </Form.Item>
            <Form.Item name="stopPercent" label="停止比例 %">
              <InputNumber min={1} max={120} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
      <Modal
        open={receiving !== null}
        title={receiving ? `验收《${receiving.title}》` : ''}
        okText="验收入藏"
        cancelText="取消"
        onCancel={() => setReceiving(null)}
        onOk={() => receiveForm.submit()}
        confirmLoading={receive.isPending}
        destroyOnHidden
      >
        <Form
          form={receiveForm}
          layout="vertical"
          onFinish={(v) =>
            receiving &&
            receive.mutate(
              {
                id: receiving.id,
                quantity: v.quantity,
                receivedOn: v.receivedOn ? v.receivedOn.format('YYYY-MM-DD') : null,
                location: v.location ?? null,
              },
              { onSuccess: () => setReceiving(null) },
            )
          }
        >
          <Form.Item name="quantity" label="本次到货册数" rules={[{ required: true }]}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="receivedOn" label="到货日期">
            <DatePicker placeholder="不填为今天" />
          </Form.Item>
          <Form.Item name="location" label="馆藏位置">
            <Input />
          </Form.Item>
          <Typography.Text type="secondary">
            每册生成一个复本（条码号 O订单号-序号），入藏方式为“购买”。
          </Typography.Text>
        </Form>
      </Modal>
    </Space>
  );
}
