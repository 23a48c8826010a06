import { Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { ACQUISITION_METHODS, HOLDING_TYPES, ROUNDS, type THoldingCreate } from '../../../shared/library.ts';
import dayjs from 'dayjs';
import { DatePicker } from 'antd';

interface Values {
  type: string;
  title: string;
  otherTitle?: string;
  responsibility?: string;
  compilingBody?: string;
  divisionCodes?: string;
  periodStart?: number;
  periodEnd?: number;
  round?: string;
  edition?: string;
  publisher?: string;
  pubPlace?: string;
  pubYear?: number;
  extent?: string;
  isbn?: string;
  cip?: string;
  clc?: string;
  subjects?: string;
  barcodes?: string;
  location?: string;
  acquisition?: string;
  acquiredOn?: dayjs.Dayjs;
}

/** 著录: the record and, optionally, its first copies (条码号 one per copy). */
export function RecordForm({
  open,
  busy,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (body: THoldingCreate) => void;
}) {
  const [form] = Form.useForm<Values>();
  const split = (s?: string) => (s ? s.split(/[；;，,、\s]+/).filter(Boolean) : []);
  const submit = (v: Values) => {
    const barcodes = split(v.barcodes);
    onSubmit({
      type: v.type as THoldingCreate['type'],
      title: v.title,
      otherTitle: v.otherTitle ?? null,
      responsibility: v.responsibility ?? null,
      compilingBody: v.compilingBody ?? null,
      divisionCodes: split(v.divisionCodes),
      periodStart: v.periodStart ?? null,
      periodEnd: v.periodEnd ?? null,
      round: (v.round ?? null) as THoldingCreate['round'],
      edition: v.edition ?? null,
      publisher: v.publisher ?? null,
      pubPlace: v.pubPlace ?? null,
      pubYear: v.pubYear ?? null,
      extent: v.extent ?? null,
      isbn: v.isbn ?? null,
      cip: v.cip ?? null,
      clc: v.clc ?? null,
      subjects: split(v.subjects),
      copies: barcodes.map((barcode) => ({
        barcode,
        location: v.location ?? null,
        acquisition: (v.acquisition ?? '购买') as (typeof ACQUISITION_METHODS)[number],
        acquiredOn: (v.acquiredOn ?? dayjs()).format('YYYY-MM-DD'),
      })),
    });
  };
  return (
    <Modal
      open={open}
      title="著录"
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      width={720}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ type: '志书', acquisition: '购买' }}>
        <Space wrap>
          <Form.Item name="type" label="文献类型" rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={HOLDING_TYPES.map((t) => ({ value: t, label: t }))} />
          </Form.Item>
          <Form.Item name="title" label="题名" rules={[{ required: true, message: '请填写题名' }]}>
            <Input style={{ width: 360 }} placeholder="如 吉林年鉴（2022）" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="otherTitle" label="副题名">
            <Input />
          </Form.Item>
          <Form.Item name="responsibility" label="责任者">
            <Input placeholder="如 张三 主编" />
          </Form.Item>
          <Form.Item name="compilingBody" label="编纂单位">
            <Input />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="divisionCodes" label="地区（区划代码，多个用顿号分隔）">
            <Input placeholder="如 220100、220102" />
          </Form.Item>
          <Form.Item name="periodStart" label="断限起">
            <InputNumber placeholder="1986" />
          </Form.Item>
          <Form.Item name="periodEnd" label="断限止">
            <InputNumber placeholder="2005" />
          </Form.Item>
          <Form.Item name="round" label="修志轮次">
            <Select allowClear style={{ width: 100 }} options={ROUNDS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="publisher" label="出版者">
            <Input />
          </Form.Item>
          <Form.Item name="pubPlace" label="出版地">
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="pubYear" label="出版年">
            <InputNumber />
          </Form.Item>
          <Form.Item name="edition" label="版次">
            <Input style={{ width: 100 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="isbn" label="ISBN">
            <Input placeholder="978-7-…" />
          </Form.Item>
          <Form.Item name="cip" label="CIP 核字号">
            <Input />
          </Form.Item>
          <Form.Item name="clc" label="中图法分类号">
            <Input placeholder="K293.4" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="extent" label="载体形态">
            <Input placeholder="686页；29cm" />
          </Form.Item>
        </Space>
        <Form.Item name="subjects" label="主题词（多个用顿号分隔）">
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="barcodes" label="复本条码号（多个用顿号分隔）">
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="location" label="馆藏位置">
            <Input />
          </Form.Item>
          <Form.Item name="acquisition" label="入藏方式">
            <Select style={{ width: 100 }} options={ACQUISITION_METHODS.map((m) => ({ value: m, label: m }))} />
          </Form.Item>
          <Form.Item name="acquiredOn" label="入藏日期">
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
