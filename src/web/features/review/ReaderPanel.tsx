import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import {
  OPINION_CATEGORIES,
  SEVERITIES,
  SEVERITY_LABELS,
  VISIBILITIES,
  VISIBILITY_LABELS,
  type TCreateOpinion,
  type TOpinion,
  type TOpinionCategory,
  type TRoundView,
  type TSeverity,
  type TTextItem,
  type TVisibility,
} from '../../../shared/review.ts';
import { api } from '../../api/client.ts';
import { useOpinions, useRoundMutation, useRoundText } from './api.ts';

interface Selected {
  ordinal: number;
  start: number;
  end: number;
  quote: string;
}

/** The item's text with the passages opinions point at marked; each mark names its opinions. */
function MarkedText({ item, opinions }: { item: TTextItem; opinions: TOpinion[] }) {
  const ranges = opinions.flatMap((o) =>
    o.anchor.kind === 'passage' && o.anchor.ordinal === item.ordinal
      ? [{ o, start: o.anchor.start, end: o.anchor.end }]
      : [],
  );
  const cuts = [...new Set([0, item.text.length, ...ranges.flatMap((r) => [r.start, r.end])])]
    .filter((n) => n >= 0 && n <= item.text.length)
    .sort((a, b) => a - b);
  const parts: ReactNode[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i]!, cuts[i + 1]!];
    const covering = ranges.filter((r) => r.start <= a && r.end >= b);
    const text = item.text.slice(a, b);
    parts.push(
      covering.length ? (
        <mark
          key={a}
          className="fz-review-mark"
          data-opinions={covering.map((r) => r.o.id).join(',')}
          title={covering.map((r) => `${r.o.author}：${r.o.text}`).join('\n')}
          style={{ background: covering.some((r) => r.o.supersedesId) ? '#e6f4ff' : '#fff1b8', padding: 0 }}
        >
          {text}
        </mark>
      ) : (
        text
      ),
    );
  }
  return <>{parts}</>;
}

/** Offsets of the browser selection inside one item's text container, or null when it spans items or is empty. */
function readSelection(): Selected | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const box = (n: Node | null) => (n instanceof Element ? n : n?.parentElement)?.closest<HTMLElement>('[data-ordinal]');
  const container = box(range.startContainer);
  if (!container || container !== box(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  const quote = range.toString();
  if (!quote.trim()) return null;
  return { ordinal: Number(container.dataset.ordinal), start, end: start + quote.length, quote };
}

function OpinionForm({
  round,
  items,
  selected,
  onDone,
}: {
  round: TRoundView;
  items: TTextItem[];
  selected: Selected | null;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{
    anchorKind: 'book' | 'node' | 'passage';
    ordinal?: number;
    category: TOpinionCategory;
    severity: TSeverity;
    visibility: TVisibility;
    text: string;
  }>();
  const anchorKind = Form.useWatch('anchorKind', form);
  useEffect(() => {
    if (selected) form.setFieldValue('anchorKind', 'passage');
  }, [selected, form]);
  const create = useRoundMutation(
    round.id,
    (v: TCreateOpinion) => api.post<TOpinion>(`/api/review/rounds/${round.id}/opinions`, v),
    '意见已提交',
  );
  const submit = () =>
    void form.validateFields().then((v) => {
      const anchor: TCreateOpinion['anchor'] =
        v.anchorKind === 'passage' && selected
          ? { kind: 'passage', ordinal: selected.ordinal, start: selected.start, end: selected.end }
          : v.anchorKind === 'node' && v.ordinal
            ? { kind: 'node', ordinal: v.ordinal }
            : { kind: 'book' };
      create.mutate(
        { anchor, category: v.category, severity: v.severity, visibility: v.visibility, text: v.text },
        {
          onSuccess: () => {
            form.resetFields(['text']);
            onDone();
          },
        },
      );
    });
  return (
    <Form
      form={form}
      layout="vertical"
      size="small"
      initialValues={{ anchorKind: 'book', category: '记述', severity: 'suggest', visibility: 'writers' }}
    >
      <Form.Item name="anchorKind" label="意见针对">
        <Radio.Group
          options={[
            { value: 'book', label: '全书' },
            { value: 'node', label: '某一条目' },
            { value: 'passage', label: '所选文字', disabled: !selected },
          ]}
        />
      </Form.Item>
      {anchorKind === 'passage' && selected && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          message={`所选文字：“${selected.quote.slice(0, 60)}”`}
        />
      )}
      {anchorKind === 'node' && (
        <Form.Item name="ordinal" label="条目" rules={[{ required: true, message: '请选择条目' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={items.map((i) => ({ value: i.ordinal, label: [i.number, i.title].filter(Boolean).join(' ') }))}
          />
        </Form.Item>
      )}
      <Space wrap>
        <Form.Item name="category" label="类别">
          <Select style={{ width: 120 }} options={OPINION_CATEGORIES.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item name="severity" label="程度">
          <Select style={{ width: 120 }} options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))} />
        </Form.Item>
        <Form.Item name="visibility" label="范围">
          <Select
            style={{ width: 140 }}
            options={VISIBILITIES.map((s) => ({ value: s, label: VISIBILITY_LABELS[s] }))}
          />
        </Form.Item>
      </Space>
      <Form.Item name="text" label="意见内容" rules={[{ required: true, message: '请填写意见内容' }]}>
        <Input.TextArea rows={4} maxLength={4000} placeholder="指出问题并提出修改建议" />
      </Form.Item>
      <Button type="primary" onClick={submit} loading={create.isPending}>
        提交意见
      </Button>
    </Form>
  );
}

/** 审读: the frozen text with the opinions' passages marked; a panel member selects text and attaches an opinion. */
export function ReaderPanel({ round }: { round: TRoundView }) {
  const text = useRoundText(round.id);
  const opinions = useOpinions(round.id);
  const [selected, setSelected] = useState<Selected | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const items = useMemo(() => text.data ?? [], [text.data]);
  // Passages are offsets into this round's frozen text: earlier rounds' opinions are listed, not marked here.
  const visible = (opinions.data ?? []).filter((o) => o.roundId === round.id);
  if (text.isPending) return <Card loading />;
  if (items.length === 0) return <Empty description="书稿没有可审读的文字" />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Card size="small" title={`${round.submissionLabel ?? round.manuscriptName ?? ''}（冻结版本，只读）`}>
          <div
            ref={ref}
            className="fz-review-reader"
            onMouseUp={() => setSelected(readSelection())}
            onTouchEnd={() => setTimeout(() => setSelected(readSelection()), 50)}
            style={{ maxHeight: 640, overflowY: 'auto', lineHeight: 1.9 }}
          >
            {items.map((i) => (
              <section key={i.ordinal} style={{ marginLeft: Math.min(i.depth, 3) * 12 }}>
                <Typography.Title level={Math.min(5, 3 + i.depth) as 3 | 4 | 5} style={{ marginTop: 12 }}>
                  {[i.number, i.title].filter(Boolean).join(' ')}
                  {i.version !== null && (
                    <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                      第 {i.version} 版
                    </Typography.Text>
                  )}
                </Typography.Title>
                {i.text && (
                  <div data-ordinal={i.ordinal} style={{ whiteSpace: 'pre-wrap' }}>
                    <MarkedText item={i} opinions={visible} />
                  </div>
                )}
              </section>
            ))}
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        {round.me.canOpine ? (
          <Card size="small" title="提出意见">
            <Typography.Paragraph type="secondary">
              在左侧书稿中选中一段文字，即可就所选文字提出意见。
            </Typography.Paragraph>
            <OpinionForm round={round} items={items} selected={selected} onDone={() => setSelected(null)} />
          </Card>
        ) : (
          <Alert
            type="info"
            showIcon
            message={
              round.me.onPanel
                ? round.state === 'reviewing'
                  ? '请先在“概况与评审组”中声明有无利益冲突，再提出意见。'
                  : '这轮评审不在评审中，不能提出意见。'
                : '黄色标记是本轮意见所指的文字，蓝色是从上一轮延续的意见；此前各轮的意见见“意见”。'
            }
          />
        )}
      </Col>
    </Row>
  );
}
