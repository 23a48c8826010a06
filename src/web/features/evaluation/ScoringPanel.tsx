import { Alert, Button, Card, Checkbox, Input, InputNumber, List, Select, Space, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { TCampaignDetail, TSheetMarks } from '../../../shared/evaluation.ts';
import { scoreExpert, ScoreInputError } from '../../../shared/evaluation-score.ts';
import { saveSheet, useEntryForScoring, useEvalMutation } from './api.ts';

const EMPTY: TSheetMarks = { deductions: {}, veto: [], errorMarks: [], problems: [], comment: '' };

/**
 * An expert's 评分表 for one entry: deductions per criterion (the live score is the shared computation's), veto
 * items, error marks on the sampled passages (the quoted text is highlighted), problems for the 共性问题 summary.
 */
export function ScoringPanel({ c, entryId, onClose }: { c: TCampaignDetail; entryId: number; onClose: () => void }) {
  const view = useEntryForScoring(entryId);
  const stage = c.stage;
  const existing = c.mySheets.find((s) => s.entryId === entryId && s.stage === stage);
  const [marks, setMarks] = useState<TSheetMarks>(existing?.marks ?? EMPTY);
  const [quote, setQuote] = useState<Record<number, { quote: string; note: string }>>({});
  const [problem, setProblem] = useState<{ criterion?: string; text: string }>({ text: '' });
  const save = useEvalMutation(saveSheet, () => '评分已保存');
  const locked = existing?.submitted === true;
  const sheet = c.definition;
  const live = useMemo(() => {
    if (!view.data) return null;
    try {
      return scoreExpert(sheet, {
        expert: '我',
        deductions: marks.deductions,
        veto: marks.veto,
        sampledChars: view.data.sampledChars,
        errors: marks.errorMarks.length,
      });
    } catch (e) {
      return e instanceof ScoreInputError ? e.message : null;
    }
  }, [sheet, marks, view.data]);
  if (view.isPending) return <Spin />;
  if (!view.data) return <Alert type="error" message="无法打开这件作品" />;
  const { entry, passages, sampledChars } = view.data;
  const rate = sampledChars > 0 ? Math.round((marks.errorMarks.length * 1_000_000) / sampledChars) / 100 : null;
  const highlight = (text: string, index: number) => {
    const quotes = marks.errorMarks.filter((m) => m.passage === index).map((m) => m.quote);
    if (quotes.length === 0) return text;
    const parts: React.ReactNode[] = [];
    let rest = text;
    let key = 0;
    for (;;) {
      const hits = quotes.map((q) => ({ q, at: rest.indexOf(q) })).filter((h) => h.at >= 0);
      if (hits.length === 0) break;
      const h = hits.sort((a, b) => a.at - b.at)[0]!;
      parts.push(rest.slice(0, h.at), <mark key={key++}>{h.q}</mark>);
      rest = rest.slice(h.at + h.q.length);
    }
    parts.push(rest);
    return parts;
  };
  return (
    <Card
      size="small"
      title={`${stage === 'first' ? '初评' : '复评'}评分：《${entry.title}》`}
      extra={<Button onClick={onClose}>关闭</Button>}
      data-testid="scoring-panel"
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {locked && <Alert type="success" showIcon message="已提交，不能再修改。" />}
        <Card size="small" type="inner" title="评分项">
          {sheet.criteria.map((cr) => {
            const got = typeof live === 'object' && live ? live.criteria.find((x) => x.id === cr.id) : undefined;
            return (
              <div
                key={cr.id}
                style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 8 }}
              >
                <span style={{ minWidth: 150 }}>
                  {cr.category && <Tag>{cr.category}</Tag>}
                  {cr.name}（{cr.max} 分）
                </span>
                <InputNumber
                  aria-label={`${cr.name}扣分次数`}
                  addonBefore="扣分处数"
                  min={0}
                  disabled={locked}
                  value={marks.deductions[cr.id] ?? 0}
                  style={{ width: 150 }}
                  onChange={(v) => setMarks({ ...marks, deductions: { ...marks.deductions, [cr.id]: v ?? 0 } })}
                />
                <Typography.Text type="secondary">
                  每处扣 {cr.deductPer}，最多扣 {cr.cap}
                  {sheet.errorRate?.criterion === cr.id ? '（含差错率扣分）' : ''}
                </Typography.Text>
                {got && (
                  <Tag color={got.capped ? 'orange' : 'blue'}>
                    得 {got.score} 分{got.capped ? '（已到扣分上限）' : ''}
                  </Tag>
                )}
                {cr.guidance && <Typography.Text type="secondary">{cr.guidance}</Typography.Text>}
              </div>
            );
          })}
          {sheet.veto.length > 0 && (
            <Space wrap>
              <Typography.Text strong type="danger">
                否决项：
              </Typography.Text>
              <Checkbox.Group
                disabled={locked}
                value={marks.veto}
                options={sheet.veto.map((v) => ({ value: v, label: v }))}
                onChange={(veto) => setMarks({ ...marks, veto: veto as string[] })}
              />
            </Space>
          )}
        </Card>
        {sheet.errorRate && (
          <Card
            size="small"
            type="inner"
            title={`差错率抽查：${passages.length} 段，${sampledChars} 字，允许万分之${sheet.errorRate.perTenThousand}`}
            extra={
              <Tag
                color={rate !== null && rate > sheet.errorRate.perTenThousand ? 'red' : 'green'}
                data-testid="error-rate"
              >
                已标 {marks.errorMarks.length} 处 · {rate ?? 0}/万字
              </Tag>
            }
          >
            {passages.map((p) => (
              <div key={p.index} style={{ marginBottom: 12 }}>
                <Typography.Text type="secondary">抽查段落 {p.index + 1}</Typography.Text>
                <div
                  data-testid={`passage-${p.index}`}
                  style={{
                    whiteSpace: 'pre-wrap',
                    background: '#fafafa',
                    padding: 8,
                    maxHeight: 220,
                    overflow: 'auto',
                  }}
                >
                  {highlight(p.text, p.index)}
                </div>
                {!locked && (
                  <Space.Compact style={{ width: '100%', marginTop: 4 }}>
                    <Input
                      aria-label={`段落${p.index + 1}差错原文`}
                      placeholder="差错原文（照录）"
                      value={quote[p.index]?.quote ?? ''}
                      onChange={(e) =>
                        setQuote({ ...quote, [p.index]: { note: '', ...quote[p.index], quote: e.target.value } })
                      }
                    />
                    <Input
                      aria-label={`段落${p.index + 1}差错说明`}
                      placeholder="说明，如：错别字"
                      value={quote[p.index]?.note ?? ''}
                      onChange={(e) =>
                        setQuote({ ...quote, [p.index]: { quote: '', ...quote[p.index], note: e.target.value } })
                      }
                    />
                    <Button
                      disabled={!quote[p.index]?.quote || !p.text.includes(quote[p.index]!.quote)}
                      onClick={() => {
                        setMarks({
                          ...marks,
                          errorMarks: [
                            ...marks.errorMarks,
                            { passage: p.index, quote: quote[p.index]!.quote, note: quote[p.index]!.note },
                          ],
                        });
                        setQuote({ ...quote, [p.index]: { quote: '', note: '' } });
                      }}
                    >
                      标记差错
                    </Button>
                  </Space.Compact>
                )}
              </div>
            ))}
            <List
              size="small"
              dataSource={marks.errorMarks}
              locale={{ emptyText: '尚未标记差错' }}
              renderItem={(m, i) => (
                <List.Item
                  actions={
                    locked
                      ? []
                      : [
                          <a
                            key="rm"
                            onClick={() =>
                              setMarks({ ...marks, errorMarks: marks.errorMarks.filter((_, j) => j !== i) })
                            }
                          >
                            删除
                          </a>,
                        ]
                  }
                >
                  段落 {m.passage + 1}：“{m.quote}”{m.note && `（${m.note}）`}
                </List.Item>
              )}
            />
          </Card>
        )}
        <Card size="small" type="inner" title="存在的问题（汇总到通报的共性问题）">
          {!locked && (
            <Space.Compact style={{ width: '100%' }}>
              <Select
                aria-label="问题所属评分项"
                placeholder="评分项"
                style={{ width: 160 }}
                value={problem.criterion}
                onChange={(criterion: string) => setProblem({ ...problem, criterion })}
                options={sheet.criteria.map((x) => ({ value: x.id, label: x.name }))}
              />
              <Input
                aria-label="问题描述"
                placeholder="问题描述"
                value={problem.text}
                onChange={(e) => setProblem({ ...problem, text: e.target.value })}
              />
              <Button
                disabled={!problem.criterion || !problem.text.trim()}
                onClick={() => {
                  setMarks({
                    ...marks,
                    problems: [...marks.problems, { criterion: problem.criterion!, text: problem.text.trim() }],
                  });
                  setProblem({ criterion: problem.criterion, text: '' });
                }}
              >
                添加
              </Button>
            </Space.Compact>
          )}
          <List
            size="small"
            dataSource={marks.problems}
            locale={{ emptyText: '无' }}
            renderItem={(p) => (
              <List.Item>
                {sheet.criteria.find((x) => x.id === p.criterion)?.name}：{p.text}
              </List.Item>
            )}
          />
          <Input.TextArea
            aria-label="评语"
            placeholder="评语"
            disabled={locked}
            value={marks.comment}
            autoSize={{ minRows: 2 }}
            onChange={(e) => setMarks({ ...marks, comment: e.target.value })}
          />
        </Card>
        {typeof live === 'string' && <Alert type="error" message={live} />}
        {live && typeof live === 'object' && (
          <Alert
            type={marks.veto.length ? 'error' : 'info'}
            data-testid="live-total"
            message={`本人评分合计 ${live.total} 分${live.excessErrors ? `（差错超出允许 ${live.excessErrors} 处）` : ''}${marks.veto.length ? `；否决：${marks.veto.join('、')}` : ''}`}
          />
        )}
        {!locked && (
          <Space>
            <Button loading={save.isPending} onClick={() => save.mutate({ entryId, marks, submit: false })}>
              保存
            </Button>
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() => save.mutate({ entryId, marks, submit: true }, { onSuccess: onClose })}
            >
              提交评分
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  );
}
