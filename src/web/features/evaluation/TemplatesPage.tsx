import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { TScoreTemplate } from '../../../shared/evaluation.ts';
import { AGGREGATE_LABELS, AGGREGATES, type TScoreSheet } from '../../../shared/evaluation-score.ts';
import { saveTemplate, useEvalMutation, useTemplates } from './api.ts';
import { usePhone } from '../library/use-phone.ts';

const EMPTY: TScoreSheet = {
  criteria: [{ id: 'c1', name: '', max: 100, deductPer: 1, cap: 20 }],
  veto: [],
  errorRate: null,
  grades: [{ name: '合格', min: 60 }],
  aggregate: 'mean',
};

/** 评分表编辑: criteria by category with maximum points, deductions per occurrence with caps, veto items, error rate, grades. */
function TemplateEditor({ base, onDone }: { base: TScoreTemplate | null; onDone: () => void }) {
  const phone = usePhone();
  const [name, setName] = useState(base?.name ?? '');
  const [sheet, setSheet] = useState<TScoreSheet>(base?.definition ?? EMPTY);
  const save = useEvalMutation(saveTemplate, (t) => `已保存“${t.name}”第 ${t.version} 版`);
  const sum = Math.round(sheet.criteria.reduce((s, c) => s + (c.max || 0), 0) * 100) / 100;
  const setCriterion = (i: number, patch: Partial<TScoreSheet['criteria'][number]>) =>
    setSheet({ ...sheet, criteria: sheet.criteria.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const num = (v: number | null) => v ?? 0;
  return (
    <Card
      size="small"
      title={base ? `修改“${base.name}”（第 ${base.version} 版）` : '新建评分表'}
      extra={<Button onClick={onDone}>关闭</Button>}
    >
      {base?.frozen && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="此版本已被评审活动使用，已冻结；保存后生成新版本，已有评审仍用原版本。"
        />
      )}
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap>
          <Input
            aria-label="评分表名称"
            placeholder="评分表名称"
            value={name}
            disabled={base !== null}
            onChange={(e) => setName(e.target.value)}
            style={{ width: phone ? '100%' : 260 }}
          />
          <Select
            aria-label="汇总方式"
            value={sheet.aggregate}
            style={{ width: 240 }}
            onChange={(aggregate) => setSheet({ ...sheet, aggregate })}
            options={AGGREGATES.map((a) => ({ value: a, label: AGGREGATE_LABELS[a] }))}
          />
          <Tag color={sum === 100 ? 'green' : 'red'}>满分合计 {sum} 分</Tag>
        </Space>
        <Typography.Text strong>评分项</Typography.Text>
        {sheet.criteria.map((c, i) => (
          <Card key={i} size="small" styles={{ body: { padding: 8 } }}>
            <Space wrap size={[8, 8]} style={{ width: '100%' }}>
              <Input
                aria-label="编号"
                value={c.id}
                style={{ width: 90 }}
                onChange={(e) => setCriterion(i, { id: e.target.value })}
              />
              <Input
                aria-label="类别"
                placeholder="类别"
                value={c.category ?? ''}
                style={{ width: 110 }}
                onChange={(e) => setCriterion(i, { category: e.target.value })}
              />
              <Input
                aria-label="名称"
                placeholder="评分项名称"
                value={c.name}
                style={{ width: phone ? 200 : 160 }}
                onChange={(e) => setCriterion(i, { name: e.target.value })}
              />
              <InputNumber
                addonBefore="满分"
                value={c.max}
                min={0}
                style={{ width: 120 }}
                onChange={(v) => setCriterion(i, { max: num(v) })}
              />
              <InputNumber
                addonBefore="每处扣"
                value={c.deductPer}
                min={0}
                style={{ width: 130 }}
                onChange={(v) => setCriterion(i, { deductPer: num(v) })}
              />
              <InputNumber
                addonBefore="最多扣"
                value={c.cap}
                min={0}
                style={{ width: 130 }}
                onChange={(v) => setCriterion(i, { cap: num(v) })}
              />
              <Input
                aria-label="评分说明"
                placeholder="评分说明"
                value={c.guidance ?? ''}
                style={{ width: phone ? '100%' : 260 }}
                onChange={(e) => setCriterion(i, { guidance: e.target.value })}
              />
              <Button
                icon={<DeleteOutlined />}
                aria-label="删除评分项"
                disabled={sheet.criteria.length === 1}
                onClick={() => setSheet({ ...sheet, criteria: sheet.criteria.filter((_, j) => j !== i) })}
              />
            </Space>
          </Card>
        ))}
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            setSheet({
              ...sheet,
              criteria: [
                ...sheet.criteria,
                { id: `c${sheet.criteria.length + 1}`, name: '', max: 0, deductPer: 1, cap: 0 },
              ],
            })
          }
        >
          添加评分项
        </Button>
        <Typography.Text strong>否决项（任一专家勾选即一票否决）</Typography.Text>
        <Select
          mode="tags"
          aria-label="否决项"
          value={sheet.veto}
          placeholder="输入后回车，如：泄露国家秘密"
          onChange={(veto: string[]) => setSheet({ ...sheet, veto })}
          style={{ width: '100%' }}
        />
        <Typography.Text strong>差错率（抽查段落，每万字）</Typography.Text>
        <Space wrap>
          <Select
            aria-label="差错率扣分项"
            allowClear
            placeholder="不设差错率"
            value={sheet.errorRate?.criterion}
            style={{ width: 200 }}
            onChange={(criterion?: string) =>
              setSheet({
                ...sheet,
                errorRate: criterion ? { perTenThousand: 1, deductPerExcess: 1, ...sheet.errorRate, criterion } : null,
              })
            }
            options={sheet.criteria.map((c) => ({ value: c.id, label: c.name || c.id }))}
          />
          {sheet.errorRate && (
            <>
              <InputNumber
                addonBefore="允许万分之"
                min={0.1}
                step={0.5}
                value={sheet.errorRate.perTenThousand}
                style={{ width: 170 }}
                onChange={(v) => setSheet({ ...sheet, errorRate: { ...sheet.errorRate!, perTenThousand: num(v) } })}
              />
              <InputNumber
                addonBefore="超出每处扣"
                min={0}
                value={sheet.errorRate.deductPerExcess}
                style={{ width: 170 }}
                onChange={(v) => setSheet({ ...sheet, errorRate: { ...sheet.errorRate!, deductPerExcess: num(v) } })}
              />
            </>
          )}
        </Space>
        <Typography.Text strong>等级（得分不低于最低分即达到该等级）</Typography.Text>
        <Space wrap>
          {sheet.grades.map((g, i) => (
            <Space.Compact key={i}>
              <Input
                aria-label="等级名称"
                value={g.name}
                style={{ width: 80 }}
                onChange={(e) =>
                  setSheet({
                    ...sheet,
                    grades: sheet.grades.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                  })
                }
              />
              <InputNumber
                aria-label="最低分"
                value={g.min}
                min={0}
                max={100}
                style={{ width: 80 }}
                onChange={(v) =>
                  setSheet({ ...sheet, grades: sheet.grades.map((x, j) => (j === i ? { ...x, min: num(v) } : x)) })
                }
              />
              <Button
                icon={<DeleteOutlined />}
                aria-label="删除等级"
                disabled={sheet.grades.length === 1}
                onClick={() => setSheet({ ...sheet, grades: sheet.grades.filter((_, j) => j !== i) })}
              />
            </Space.Compact>
          ))}
          <Button
            icon={<PlusOutlined />}
            onClick={() => setSheet({ ...sheet, grades: [...sheet.grades, { name: '', min: 0 }] })}
          >
            添加等级
          </Button>
        </Space>
        <Button
          type="primary"
          loading={save.isPending}
          onClick={() =>
            save.mutate({ baseId: base?.id ?? null, body: { name, definition: sheet } }, { onSuccess: onDone })
          }
        >
          {base?.frozen ? '保存为新版本' : '保存'}
        </Button>
      </Space>
    </Card>
  );
}

export function TemplatesPage() {
  const list = useTemplates(true);
  const [editing, setEditing] = useState<TScoreTemplate | null | 'new'>(null);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {editing !== null && (
        <TemplateEditor
          key={editing === 'new' ? 'new' : editing.id}
          base={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <Card
        title="评分表"
        extra={
          <Button type="primary" onClick={() => setEditing('new')}>
            新建评分表
          </Button>
        }
      >
        <List
          loading={list.isPending}
          dataSource={list.data}
          locale={{ emptyText: '还没有评分表' }}
          renderItem={(t) => (
            <List.Item
              actions={[
                <a key="edit" onClick={() => setEditing(t)}>
                  {t.frozen ? '修改为新版本' : '修改'}
                </a>,
              ]}
            >
              <List.Item.Meta
                title={`${t.name}（第 ${t.version} 版）`}
                description={
                  <Space wrap size={4}>
                    {t.frozen && <Tag>已使用·冻结</Tag>}
                    <span>
                      {t.definition.criteria.length} 个评分项 · {AGGREGATE_LABELS[t.definition.aggregate]}
                    </span>
                    {t.definition.errorRate && <span>· 差错率 ≤ 万分之{t.definition.errorRate.perTenThousand}</span>}
                    {t.definition.veto.length > 0 && <span>· 否决项 {t.definition.veto.join('、')}</span>}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
