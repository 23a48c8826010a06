import { useEffect } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CYCLES, CYCLE_LABELS, DOC_PREFIX_PATTERN, type TSupervisionSettings } from '../../../shared/supervision.ts';
import { api, errorMessage } from '../../api/client.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { useSupervisionSettings } from '../reports/api.ts';

/** 督办设置: how often units report on this plan, by which day, when lights turn yellow and red, and its 督办单 prefix. */
export function PlanSupervisionSettings({ planId, year }: { planId: number; year: number }) {
  const { data: me } = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useSupervisionSettings(planId);
  const [form] = Form.useForm<TSupervisionSettings>();
  const canEdit = hasPermission(me, 'supervision.configure');
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: TSupervisionSettings) => api.put<TSupervisionSettings>(`/api/plans/${planId}/supervision`, v),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['supervision', planId] });
      void message.success('督办设置已保存');
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  if (!settings.data) return null;
  return (
    <Card title="督办设置" size="small" data-testid="supervision-settings">
      <Form form={form} layout="inline" disabled={!canEdit} onFinish={(v) => save.mutate(v)} style={{ rowGap: 8 }}>
        <Form.Item name="cycle" label="填报周期">
          <Select style={{ width: 120 }} options={CYCLES.map((c) => ({ value: c, label: CYCLE_LABELS[c] }))} />
        </Form.Item>
        <Form.Item
          name="dueDay"
          rules={[{ required: true, message: '请填写报送日（1–28 日）' }]}
          label="报送日"
          tooltip="每期最后一个月的这一天前报送"
        >
          <InputNumber min={1} max={28} addonAfter="日" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="yellowPoints" rules={[{ required: true, message: '请填写黄灯阈值' }]} label="黄灯">
          <InputNumber min={1} max={100} addonBefore="落后" addonAfter="点" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="redPoints" rules={[{ required: true, message: '请填写红灯阈值' }]} label="红灯">
          <InputNumber min={1} max={100} addonBefore="落后超过" addonAfter="点" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="remindDaysBefore" rules={[{ required: true, message: '请填写提前提醒天数' }]} label="提前提醒">
          <InputNumber min={0} max={30} addonAfter="天" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item
          name="docPrefix"
          label="督办单文号前缀"
          tooltip="编号为“前缀〔年份〕序号号”，序号按年连续；留空则为“督字”"
          rules={[
            {
              pattern: DOC_PREFIX_PATTERN,
              message: '应为 1–10 个汉字，不含空格、数字和括号',
            },
            {
              validator: (_, v?: string | null) =>
                v?.includes('号') ? Promise.reject(new Error('前缀不含“号”字，编号会自动加上')) : Promise.resolve(),
            },
          ]}
        >
          <Input
            placeholder="督字"
            maxLength={10}
            style={{ width: 120 }}
            data-testid="doc-prefix"
            suffix={<Typography.Text type="secondary">〔{year}〕1号</Typography.Text>}
          />
        </Form.Item>
        {canEdit && (
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存设置
            </Button>
          </Space>
        )}
      </Form>
      {!canEdit && <Typography.Text type="secondary">由督办员设置。</Typography.Text>}
    </Card>
  );
}
