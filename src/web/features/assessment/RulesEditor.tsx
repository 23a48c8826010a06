import { useEffect, useState } from 'react';
import { App, Button, Card, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import {
  ASSESSMENT_KIND_LABELS,
  ASSESSMENT_KINDS,
  DEFAULT_ASSESSMENT_RULES,
  describeFormula,
  PENALTY_KINDS,
  type TAssessmentItem,
  type TAssessmentRules,
  type TRulesResponse,
} from '../../../shared/assessment.ts';
import { errorMessage } from '../../api/client.ts';
import { useSaveRules } from './api.ts';

/** A key for a new item that the rules do not use yet (item1, item2, …). */
function freshKey(items: readonly TAssessmentItem[]): string {
  for (let i = 1; ; i++) if (!items.some((x) => x.key === `item${i}`)) return `item${i}`;
}

/**
 * The score sheet as the supervisor edits it: each item's name, kind and points, with the formula written out as it
 * will be applied; the empty-report length and the grade lines. Read-only for leaders.
 */
export function RulesEditor({ planId, data, editable }: { planId: number; data: TRulesResponse; editable: boolean }) {
  const { message } = App.useApp();
  const save = useSaveRules(planId);
  const [rules, setRules] = useState<TAssessmentRules>(data.rules);
  useEffect(() => setRules(data.rules), [data]);
  const setItem = (index: number, patch: Partial<TAssessmentItem>) =>
    setRules((r) => ({
      ...r,
      items: r.items.map((item, i) => {
        if (i !== index) return item;
        const next = { ...item, ...patch };
        if (!PENALTY_KINDS.includes(next.kind)) next.cap = null;
        return { ...next, formula: describeFormula(next) };
      }),
    }));
  const maxScore = rules.items.filter((i) => !PENALTY_KINDS.includes(i.kind)).reduce((s, i) => s + i.points, 0);
  const submit = () =>
    save.mutate(rules, {
      onSuccess: () => void message.success('考评规则已保存，排名已按新规则重新计算。'),
      onError: (e) => void message.error(errorMessage(e)),
    });
  return (
    <Card
      title="考评规则"
      size="small"
      data-testid="assessment-rules"
      extra={
        <Space>
          {data.isDefault ? <Tag>默认规则</Tag> : <Typography.Text type="secondary">已自定义</Typography.Text>}
          {editable && (
            <>
              <Button icon={<UndoOutlined />} onClick={() => setRules(DEFAULT_ASSESSMENT_RULES)}>
                恢复默认
              </Button>
              <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={submit}>
                保存规则
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Table<TAssessmentItem & { index: number }>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rules.items.map((item, index) => ({ ...item, index }))}
        columns={[
          {
            title: '考评项',
            dataIndex: 'label',
            width: 160,
            render: (v: string, item) =>
              editable ? (
                <Input
                  aria-label={`考评项名称 ${item.index + 1}`}
                  value={v}
                  maxLength={40}
                  onChange={(e) => setItem(item.index, { label: e.target.value })}
                />
              ) : (
                v
              ),
          },
          {
            title: '计分方式',
            dataIndex: 'kind',
            width: 170,
            render: (v: TAssessmentItem['kind'], item) =>
              editable ? (
                <Select
                  aria-label={`计分方式 ${item.index + 1}`}
                  style={{ width: '100%' }}
                  value={v}
                  onChange={(kind) =>
                    setItem(item.index, { kind, cap: PENALTY_KINDS.includes(kind) ? (item.cap ?? 10) : null })
                  }
                  options={ASSESSMENT_KINDS.map((k) => ({ value: k, label: ASSESSMENT_KIND_LABELS[k] }))}
                />
              ) : (
                ASSESSMENT_KIND_LABELS[v]
              ),
          },
          {
            title: '分值 / 每次扣分',
            dataIndex: 'points',
            width: 130,
            render: (v: number, item) =>
              editable ? (
                <InputNumber
                  aria-label={`分值 ${item.index + 1}`}
                  min={0}
                  max={100}
                  value={v}
                  onChange={(n) => setItem(item.index, { points: n ?? 0 })}
                />
              ) : (
                v
              ),
          },
          {
            title: '扣分上限',
            dataIndex: 'cap',
            width: 110,
            render: (v: number | null, item) =>
              !PENALTY_KINDS.includes(item.kind) ? (
                '—'
              ) : editable ? (
                <InputNumber
                  aria-label={`扣分上限 ${item.index + 1}`}
                  min={0}
                  max={100}
                  value={v}
                  placeholder="不限"
                  onChange={(n) => setItem(item.index, { cap: n ?? null })}
                />
              ) : (
                (v ?? '不限')
              ),
          },
          {
            title: '计算公式',
            dataIndex: 'formula',
            render: (f: string) => <Typography.Text code>{f}</Typography.Text>,
          },
          ...(editable
            ? [
                {
                  title: '',
                  width: 50,
                  render: (_: unknown, item: TAssessmentItem & { index: number }) => (
                    <Button
                      type="text"
                      danger
                      aria-label={`删除考评项 ${item.label}`}
                      icon={<DeleteOutlined />}
                      disabled={rules.items.length <= 1}
                      onClick={() => setRules((r) => ({ ...r, items: r.items.filter((_, i) => i !== item.index) }))}
                    />
                  ),
                },
              ]
            : []),
        ]}
        footer={() => (
          <Space wrap size={24}>
            {editable && (
              <Button
                icon={<PlusOutlined />}
                onClick={() =>
                  setRules((r) => {
                    const item = {
                      key: freshKey(r.items),
                      label: '新考评项',
                      kind: 'on_time_tasks' as const,
                      points: 10,
                      cap: null,
                    };
                    return { ...r, items: [...r.items, { ...item, formula: describeFormula(item) }] };
                  })
                }
              >
                添加考评项
              </Button>
            )}
            <span>
              加分项满分合计{' '}
              <Typography.Text strong type={maxScore === 100 ? undefined : 'warning'}>
                {maxScore}
              </Typography.Text>{' '}
              分{maxScore !== 100 && '（建议为 100 分；总分最终限定在 0–100 分）'}
            </span>
            <span>
              空报：进展情况少于{' '}
              {editable ? (
                <InputNumber
                  aria-label="空报字数"
                  size="small"
                  min={1}
                  max={500}
                  value={rules.emptyReportMinChars}
                  onChange={(n) => setRules((r) => ({ ...r, emptyReportMinChars: n ?? 1 }))}
                />
              ) : (
                rules.emptyReportMinChars
              )}{' '}
              个字
            </span>
          </Space>
        )}
      />
      <Space wrap size={24} style={{ marginTop: 12 }} data-testid="grade-bands">
        <Typography.Text strong>等级划分：</Typography.Text>
        {rules.gradeBands
          .filter((b) => b.grade !== '不合格')
          .map((b) => (
            <span key={b.grade}>
              {b.grade} ≥{' '}
              {editable ? (
                <InputNumber
                  aria-label={`${b.grade}分数线`}
                  size="small"
                  min={0}
                  max={100}
                  value={b.min}
                  onChange={(n) =>
                    setRules((r) => ({
                      ...r,
                      gradeBands: r.gradeBands.map((x) => (x.grade === b.grade ? { ...x, min: n ?? 0 } : x)),
                    }))
                  }
                />
              ) : (
                b.min
              )}
            </span>
          ))}
        <span>不合格 &lt; {rules.gradeBands.find((b) => b.grade === '合格')?.min}</span>
      </Space>
    </Card>
  );
}
