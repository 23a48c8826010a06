import { useState } from 'react';
import { App, Button, Card, Empty, InputNumber, Result, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { TGrade, TRanking, TUnitScore } from '../../../shared/assessment.ts';
import { errorMessage } from '../../api/client.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { PlanPicker, useDateChoice, usePlanChoice } from '../dashboard/PlanPicker.tsx';
import { downloadRanking, useRanking, useRules, useSetQuality } from './api.ts';
import { RulesEditor } from './RulesEditor.tsx';

const GRADE_COLORS: Record<TGrade, string> = { 优秀: 'green', 良好: 'blue', 合格: 'gold', 不合格: 'red' };

/** 绩效考评: the rules (editable by supervisors), the ranking with grades, leaders' quality scores, and the export. */
export function AssessmentPage() {
  const { data: me } = useMe();
  const [planId, setPlanId] = usePlanChoice();
  const rules = useRules(planId);
  const [date] = useDateChoice();
  const ranking = useRanking(planId, date);
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const exportXlsx = async () => {
    if (planId === null) return;
    setExporting(true);
    try {
      await downloadRanking(planId, date);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <PlanPicker value={planId} onChange={setPlanId} />
      </Card>
      {planId === null ? (
        <Empty description="还没有工作要点。请先在“工作要点”中导入本年度文件。" />
      ) : ranking.isPending || rules.isPending ? (
        <Spin />
      ) : ranking.isError || rules.isError ? (
        <Result status="warning" title={errorMessage(ranking.error ?? rules.error)} />
      ) : (
        <>
          <Card
            title={`考评排名（截至 ${ranking.data.asOf}）`}
            size="small"
            extra={
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
                导出 Excel
              </Button>
            }
          >
            <RankingTable
              planId={planId}
              ranking={ranking.data}
              canScore={hasPermission(me, 'assessment.score_quality')}
            />
          </Card>
          <RulesEditor planId={planId} data={rules.data} editable={hasPermission(me, 'assessment.edit_rules')} />
        </>
      )}
    </Space>
  );
}

function QualityInput({ planId, row }: { planId: number; row: TUnitScore }) {
  const { message } = App.useApp();
  const save = useSetQuality(planId);
  const [value, setValue] = useState<number | null>(row.facts.qualityScore);
  const changed = value !== row.facts.qualityScore && value !== null;
  return (
    <Space.Compact>
      <InputNumber
        aria-label={`${row.unitName}质量评分`}
        min={0}
        max={100}
        style={{ width: 80 }}
        value={value}
        onChange={setValue}
        placeholder="0–100"
      />
      <Button
        type={changed ? 'primary' : 'default'}
        disabled={!changed}
        loading={save.isPending}
        onClick={() =>
          save.mutate(
            { unitId: row.unitId, score: value ?? 0 },
            {
              onSuccess: () => void message.success(`已为${row.unitName}评分`),
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      >
        评分
      </Button>
    </Space.Compact>
  );
}

function RankingTable({ planId, ranking, canScore }: { planId: number; ranking: TRanking; canScore: boolean }) {
  return (
    <Table<TUnitScore>
      size="small"
      rowKey="unitId"
      dataSource={ranking.rows}
      pagination={false}
      data-testid="ranking"
      locale={{ emptyText: '本工作要点还没有牵头单位' }}
      onRow={(r) => ({ 'data-testid': `ranking-${r.unitName}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: '排名', dataIndex: 'rank', width: 60 },
        { title: '单位', dataIndex: 'unitName', width: 160 },
        ...ranking.rules.items.map((item, i) => ({
          title: (
            <Tooltip title={item.formula}>
              <span>{item.label}</span>
            </Tooltip>
          ),
          key: item.key,
          width: 100,
          render: (_: unknown, r: TUnitScore) => {
            const s = r.items[i];
            if (!s) return '—';
            return (
              <Tooltip title={s.detail}>
                {s.applicable ? (
                  <Typography.Text type={s.score < 0 ? 'danger' : undefined}>{s.score}</Typography.Text>
                ) : (
                  <Typography.Text type="secondary">不计入</Typography.Text>
                )}
              </Tooltip>
            );
          },
        })),
        {
          title: '总分',
          dataIndex: 'total',
          width: 80,
          render: (v: number, r: TUnitScore) => (
            <Tooltip title={r.explanation}>
              <Typography.Text strong>{v}</Typography.Text>
            </Tooltip>
          ),
        },
        {
          title: '得分说明',
          key: 'explanation',
          width: 260,
          render: (_: unknown, r: TUnitScore) => <Typography.Text type="secondary">{r.explanation}</Typography.Text>,
        },
        { title: '等级', dataIndex: 'grade', width: 80, render: (g: TGrade) => <Tag color={GRADE_COLORS[g]}>{g}</Tag> },
        {
          title: '领导质量评分',
          width: 180,
          render: (_: unknown, r: TUnitScore) =>
            canScore ? (
              <QualityInput key={`${r.unitId}-${r.facts.qualityScore}`} planId={planId} row={r} />
            ) : (
              (r.facts.qualityScore ?? <Typography.Text type="secondary">未评分</Typography.Text>)
            ),
        },
      ]}
    />
  );
}
