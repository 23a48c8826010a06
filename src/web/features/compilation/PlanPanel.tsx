import { useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Row, Segmented, Space } from 'antd';
import { DownloadOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { TProjectView } from '../../../shared/compilation.ts';
import { downloadFile, errorMessage } from '../../api/client.ts';
import { useUpdateProject } from './api.ts';

/** 断限: a year (most chronicles) or an exact date (yearbooks, 续志). */
function LimitPicker({
  value,
  onChange,
  disabled,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  disabled?: boolean;
}) {
  const [byDay, setByDay] = useState((value ?? '').length > 4);
  const parsed = value ? dayjs(value.length === 4 ? `${value}-01-01` : value) : null;
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Segmented
        disabled={disabled}
        value={byDay ? '日' : '年'}
        options={['年', '日']}
        onChange={(v) => {
          setByDay(v === '日');
          if (parsed) onChange?.(v === '日' ? parsed.format('YYYY-MM-DD') : parsed.format('YYYY'));
        }}
      />
      <DatePicker
        disabled={disabled}
        style={{ flex: 1 }}
        picker={byDay ? 'date' : 'year'}
        value={parsed}
        onChange={(d: Dayjs | null) => onChange?.(d ? d.format(byDay ? 'YYYY-MM-DD' : 'YYYY') : null)}
      />
    </Space.Compact>
  );
}

interface PlanForm {
  scope: string | null;
  lowerLimit: string | null;
  upperLimit: string | null;
  targetChars: number | null;
  styleGuide: string | null;
  organisation: string | null;
  stages: { name: string; range: [Dayjs, Dayjs] }[];
}

/** 编纂方案: scope, 断限, size, 凡例, organisation and the stage timeline; exported as an official .docx. */
export function PlanPanel({ view }: { view: TProjectView }) {
  const { message } = App.useApp();
  const p = view.project;
  const update = useUpdateProject(p.id);
  const [exporting, setExporting] = useState(false);
  const initial: PlanForm = {
    ...p.plan,
    stages: p.plan.stages.map((s) => ({ name: s.name, range: [dayjs(s.start), dayjs(s.end)] as [Dayjs, Dayjs] })),
  };
  const exportDocx = () => {
    setExporting(true);
    downloadFile(`/api/compilation/projects/${p.id}/plan.docx`, `${p.title}编纂方案.docx`)
      .catch((e: unknown) => void message.error(errorMessage(e)))
      .finally(() => setExporting(false));
  };
  return (
    <Form<PlanForm>
      layout="vertical"
      disabled={!view.access.manage}
      initialValues={initial}
      onFinish={(v) =>
        update.mutate({
          plan: {
            scope: v.scope,
            lowerLimit: v.lowerLimit,
            upperLimit: v.upperLimit,
            targetChars: v.targetChars ?? null,
            styleGuide: v.styleGuide,
            organisation: v.organisation,
            stages: (v.stages ?? []).map((s) => ({
              name: s.name,
              start: s.range[0].format('YYYY-MM-DD'),
              end: s.range[1].format('YYYY-MM-DD'),
            })),
          },
        })
      }
    >
      <Form.Item name="scope" label="编纂范围">
        <Input.TextArea rows={3} maxLength={2000} placeholder="地域范围、记述对象" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="lowerLimit" label="断限上限（起）">
            <LimitPicker />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="upperLimit" label="断限下限（止）">
            <LimitPicker />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="targetChars" label="目标字数">
            <InputNumber min={0} step={10000} style={{ width: '100%' }} addonAfter="字" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="styleGuide" label="凡例">
        <Input.TextArea rows={6} maxLength={20000} placeholder={'一、指导思想……\n二、断限……'} />
      </Form.Item>
      <Form.Item name="organisation" label="组织机构">
        <Input.TextArea rows={3} maxLength={5000} placeholder="编纂委员会、编辑部及承编单位" />
      </Form.Item>
      <Form.List name="stages">
        {(fields, { add, remove }) => (
          <Form.Item label="进度安排">
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '阶段名称' }]} noStyle>
                    <Input placeholder="阶段，如 资料收集" style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'range']} rules={[{ required: true, message: '起止日期' }]} noStyle>
                    <DatePicker.RangePicker />
                  </Form.Item>
                  {view.access.manage && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              {view.access.manage && (
                <Button icon={<PlusOutlined />} onClick={() => add()}>
                  添加阶段
                </Button>
              )}
            </Space>
          </Form.Item>
        )}
      </Form.List>
      <Space wrap>
        {view.access.manage && (
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            保存方案
          </Button>
        )}
        <Button icon={<DownloadOutlined />} loading={exporting} disabled={false} onClick={exportDocx}>
          导出编纂方案 .docx
        </Button>
      </Space>
    </Form>
  );
}
