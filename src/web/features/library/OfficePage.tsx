import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Row,
  Space,
  Statistic,
  Typography,
} from 'antd';
import { Link, useOutletContext } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import type { TShipment } from '../../../shared/library.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { answerReceipt, useHoldingCounts, useLibraryMutation, useMyShipments } from './api.ts';
import { ShipmentTag } from './DistributionsPage.tsx';
import { OfficeDataReportsCard } from '../datareports/OfficeDataReportsCard.tsx';

/**
 * 本单位: an office's home. What it holds, what was sent to it (confirm receipt or report a discrepancy), what it owes
 * (unsigned receipts, data reports due).
 */
export function OfficePage() {
  const me = useOutletContext<TCurrentUser>();
  const counts = useHoldingCounts(me.unitId ?? undefined);
  const shipments = useMyShipments();
  const canReceive = hasPermission(me, 'distribution.receive');
  const [answering, setAnswering] = useState<{ s: TShipment; mode: 'confirm' | 'discrepancy' } | null>(null);
  const [form] = Form.useForm<{ receivedQuantity: number; note?: string; location?: string }>();
  const answer = useLibraryMutation(
    (v: { id: number; receivedQuantity: number; note: string | null; location: string | null }) =>
      answerReceipt(v.id, v),
    (s) =>
      s.status === 'confirmed'
        ? `已签收《${s.title}》${s.receivedQuantity} 册，已计入本单位馆藏`
        : `已报告《${s.title}》到货差异`,
  );
  const pending = (shipments.data ?? []).filter((s) => s.status === 'sent');
  const open = (s: TShipment, mode: 'confirm' | 'discrepancy') => {
    setAnswering({ s, mode });
    form.setFieldsValue({
      receivedQuantity: mode === 'confirm' ? s.quantity : Math.max(0, s.quantity - 1),
      note: undefined,
      location: undefined,
    });
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {me.unitName ?? '本单位'}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="馆藏书目（种）" value={counts.data?.records ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="在藏复本（册）" value={counts.data?.copies ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="待签收配送"
              value={pending.length}
              valueStyle={pending.length ? { color: '#d46b08' } : undefined}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Link to="/holdings">查看本单位馆藏 →</Link>
          </Card>
        </Col>
      </Row>
      {pending.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={`有 ${pending.length} 批配送待签收：收到后请确认；缺少或破损请报告差异。`}
        />
      )}
      <Card title="发给本单位的配送" size="small">
        <List<TShipment>
          loading={shipments.isPending}
          dataSource={shipments.data}
          locale={{ emptyText: '暂无配送' }}
          renderItem={(s) => (
            <List.Item
              actions={
                s.status === 'sent' && canReceive
                  ? [
                      <Button key="c" type="primary" size="small" onClick={() => open(s, 'confirm')}>
                        确认签收
                      </Button>,
                      <Button key="d" size="small" danger onClick={() => open(s, 'discrepancy')}>
                        报告差异
                      </Button>,
                    ]
                  : undefined
              }
            >
              <List.Item.Meta
                title={
                  <>
                    《{s.title}》 <ShipmentTag s={s} />
                  </>
                }
                description={`${s.sentAt.slice(0, 10)} 发出 · ${s.quantity} 册${s.receivedQuantity !== null ? ` · 实收 ${s.receivedQuantity} 册` : ''}${s.note ? ` · ${s.note}` : ''}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <OfficeDataReportsCard />
      <Modal
        open={answering !== null}
        title={answering ? `${answering.mode === 'confirm' ? '确认签收' : '报告差异'}：《${answering.s.title}》` : ''}
        okText="提交"
        cancelText="取消"
        onCancel={() => setAnswering(null)}
        onOk={() => form.submit()}
        confirmLoading={answer.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            answering &&
            answer.mutate(
              {
                id: answering.s.id,
                receivedQuantity: v.receivedQuantity,
                note: v.note ?? null,
                location: v.location ?? null,
              },
              { onSuccess: () => setAnswering(null) },
            )
          }
        >
          <Form.Item
            name="receivedQuantity"
            label={`实收册数（配送 ${answering?.s.quantity ?? 0} 册）`}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} />
          </Form.Item>
          {answering?.mode === 'discrepancy' && (
            <Form.Item
              name="note"
              label="差异说明"
              rules={[{ required: true, message: '请写明缺少、破损或多出的情况' }]}
            >
              <Input.TextArea rows={3} placeholder="如：缺 1 册；1 册封面破损" />
            </Form.Item>
          )}
          <Form.Item name="location" label="存放位置（可不填）">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
