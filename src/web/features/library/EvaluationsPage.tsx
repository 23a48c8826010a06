import { Button, Card, Form, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate, useOutletContext } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import { EVAL_STATUS_LABELS, type TEvalAssessment } from '../../../shared/library.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { useState } from 'react';
import type { TEvalTemplate } from '../../../shared/library.ts';
import { saveEvalTemplate, startEvaluation, useEvalTemplates, useEvaluations, useLibraryMutation } from './api.ts';
import { EvalTemplateEditor } from './EvalTemplateEditor.tsx';

export const EVAL_COLOR: Record<TEvalAssessment['status'], string> = {
  self: 'blue',
  submitted: 'orange',
  reviewed: 'gold',
  onsite: 'purple',
  rectifying: 'red',
  passed: 'green',
  failed: 'default',
};

/** 资料室评估: every evaluation the user may see; an office starts its own self-assessment here. */
export function EvaluationsPage() {
  const me = useOutletContext<TCurrentUser>();
  const navigate = useNavigate();
  const list = useEvaluations();
  const templates = useEvalTemplates();
  const start = useLibraryMutation(startEvaluation, () => '已申报，请填写自评');
  const [form] = Form.useForm<{ templateId: number; year: number }>();
  const [editing, setEditing] = useState<TEvalTemplate | null | 'new'>(null);
  const saveTemplate = useLibraryMutation(saveEvalTemplate, (t) => `已保存“${t.name}”第 ${t.version} 版`);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {hasPermission(me, 'evaluation.define') && (
        <Card size="small" title="评估标准">
          {(templates.data ?? []).map((t) => (
            <Button key={t.id} size="small" type="link" onClick={() => setEditing(t)}>
              {t.name}（第 {t.version} 版）
            </Button>
          ))}
          <Button size="small" onClick={() => setEditing('new')}>
            新建评估标准
          </Button>
        </Card>
      )}
      {editing !== null && (
        <EvalTemplateEditor
          base={editing === 'new' ? null : editing}
          busy={saveTemplate.isPending}
          onSave={(body) => saveTemplate.mutate(body, { onSuccess: () => setEditing(null) })}
        />
      )}
      {hasPermission(me, 'evaluation.self') && (
        <Card size="small" title="申报资料室（方志馆）评估">
          <Form
            form={form}
            layout="inline"
            style={{ rowGap: 8 }}
            initialValues={{ year: dayjs().year() }}
            onFinish={(v) => start.mutate(v, { onSuccess: (a) => void navigate(`/holdings/evaluations/${a.id}`) })}
          >
            <Form.Item name="templateId" rules={[{ required: true, message: '请选择评估标准' }]}>
              <Select
                placeholder="评估标准"
                style={{ width: 240 }}
                options={(templates.data ?? []).map((t) => ({ value: t.id, label: `${t.name}（第 ${t.version} 版）` }))}
              />
            </Form.Item>
            <Form.Item name="year" label="年度">
              <InputNumber style={{ width: 90 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={start.isPending}>
              申报并自评
            </Button>
          </Form>
        </Card>
      )}
      <Card title="资料室（方志馆）评估">
        <List<TEvalAssessment>
          loading={list.isPending}
          dataSource={list.data}
          locale={{ emptyText: '暂无评估' }}
          renderItem={(a) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Link to={`/holdings/evaluations/${a.id}`}>
                    {a.unitName} · {a.year} 年
                  </Link>
                }
                description={
                  <>
                    <Tag color={EVAL_COLOR[a.status]}>{EVAL_STATUS_LABELS[a.status]}</Tag>
                    {a.templateName}（第 {a.templateVersion} 版）
                    {a.total !== null && (
                      <Typography.Text>
                        {' '}
                        · {a.total} 分 · {a.grade}
                      </Typography.Text>
                    )}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
