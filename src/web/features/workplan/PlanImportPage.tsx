import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import type { TImportPlanRequest, TPlanPreview, TTaskInput, TUnitRef } from '../../../shared/workplan.ts';
import { findImportProblems, toImportRequest } from '../../../shared/workplan-import.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { errorMessage } from '../../api/client.ts';
import { useUnits } from '../admin/api.ts';
import { useImportPlan, usePreviewPlan, type PlanInput } from './api.ts';
import { buildSegments, collectSpans } from './highlight.ts';
import { formatDeadline, formatTarget } from './format.ts';
import { TaskEditor } from './TaskEditor.tsx';

type Row = TTaskInput & { sectionOrdinal: number; sectionTitle: string };

function UnitTags({ refs, preview }: { refs: TUnitRef[]; preview: TPlanPreview }) {
  return (
    <>
      {refs.map((r) => {
        const kind = r.unitId !== null ? 'matched' : preview.units.find((u) => u.name === r.name)?.kind;
        const color = kind === 'matched' ? 'green' : kind === 'collective' ? 'default' : 'orange';
        return <Tag key={r.name} color={color} title={kind === 'unknown' ? '不在组织机构中' : kind === 'collective' ? '集合性单位' : undefined}>{r.name}</Tag>;
      })}
    </>
  );
}

/** Upload or paste → side-by-side check of the parsed table against the original → confirm. Nothing is saved before confirming. */
export function PlanImportPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const units = useUnits();
  const previewPlan = usePreviewPlan();
  const importPlan = useImportPlan();
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [mode, setMode] = useState<'file' | 'text'>('file');
  const [input, setInput] = useState<PlanInput | null>(null);
  const [preview, setPreview] = useState<TPlanPreview | null>(null);
  const [request, setRequest] = useState<TImportPlanRequest | null>(null);
  const [editing, setEditing] = useState<Row | null>(null);

  const runPreview = () => {
    const next: PlanInput | null = mode === 'file' ? (file ? { kind: 'file', file } : null) : pasted.trim() ? { kind: 'text', text: pasted } : null;
    if (!next) {
      void message.warning(mode === 'file' ? '请先选择文件' : '请先粘贴工作要点正文');
      return;
    }
    previewPlan.mutate(next, {
      onSuccess: (p) => {
        setInput(next);
        setPreview(p);
        setRequest(toImportRequest(p.parse, p.units));
      },
    });
  };

  const rows: Row[] = useMemo(
    () => request?.sections.flatMap((s) => s.tasks.map((t) => ({ ...t, sectionOrdinal: s.ordinal, sectionTitle: s.title }))) ?? [],
    [request],
  );
  const unknownNames = useMemo(() => {
    if (!request || !preview) return [];
    const names = new Set<string>();
    for (const r of rows) for (const ref of [...r.leadUnits, ...r.supportUnits]) if (ref.unitId === null && preview.units.find((u) => u.name === ref.name)?.kind !== 'collective') names.add(ref.name);
    return [...names];
  }, [rows, request, preview]);
  const problems = request && preview ? findImportProblems(request, preview.units).filter((p) => !p.startsWith('单位“')) : [];
  const segments = useMemo(() => (preview?.parse.sourceText ? buildSegments(preview.parse.sourceText, collectSpans(preview.parse)) : []), [preview]);

  const updateTask = (sectionOrdinal: number, number: string, task: TTaskInput) =>
    setRequest((r) => r && { ...r, sections: r.sections.map((s) => (s.ordinal !== sectionOrdinal ? s : { ...s, tasks: s.tasks.map((t) => (t.number === number ? task : t)) })) });
  const mapUnit = (name: string, unitId: number | null) =>
    setRequest((r) => {
      if (!r) return r;
      const fix = (refs: TUnitRef[]) => refs.map((ref) => (ref.name === name ? { ...ref, unitId } : ref));
      return { ...r, sections: r.sections.map((s) => ({ ...s, tasks: s.tasks.map((t) => ({ ...t, leadUnits: fix(t.leadUnits), supportUnits: fix(t.supportUnits) })) })) };
    });

  // A double click must not import twice (the second answer would contradict the first).
  const importing = useRef(false);
  const confirm = () => {
    if (!request || !input || importing.current) return;
    importing.current = true;
    importPlan.mutate(
      { input, plan: request },
      {
        onSuccess: (res) => {
          void message.success(res.unchanged ? '与已保存的版本完全相同，未作更改' : res.created ? '工作要点已导入' : `已保存为第 ${res.revision} 版`);
          void navigate(`/plans/${res.planId}`);
        },
        onError: (e) => void message.error(errorMessage(e)),
        onSettled: () => {
          importing.current = false;
        },
      },
    );
  };

  if (!preview || !request) {
    return (
      <Card title="导入工作要点">
        <Typography.Paragraph type="secondary">
          上传本年度《工作要点》文件（.txt、.docx、.doc、带文字层的 .pdf），或直接粘贴正文。系统识别出任务表后，请逐项核对，确认后才会保存。
        </Typography.Paragraph>
        <Tabs
          activeKey={mode}
          onChange={(k) => setMode(k as 'file' | 'text')}
          items={[
            {
              key: 'file',
              label: '上传文件',
              children: (
                <Upload.Dragger
                  accept=".txt,.docx,.doc,.pdf"
                  maxCount={1}
                  beforeUpload={(f) => {
                    if (f.size > LIMITS.uploadBytes) {
                      void message.error(`文件超过 ${LIMITS.uploadBytes / 1024 / 1024} MB，请压缩或拆分后重试。`);
                      return Upload.LIST_IGNORE;
                    }
                    setFile(f);
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                >
                  <p className="ant-upload-drag-icon"><InboxOutlined /></p>
                  <p className="ant-upload-text">点击或拖动文件到此处</p>
                  <p className="ant-upload-hint">支持 UTF-8、GBK/GB18030、UTF-16 编码的文本文件，以及 Word、PDF 文件</p>
                </Upload.Dragger>
              ),
            },
            { key: 'text', label: '粘贴正文', children: <Input.TextArea rows={14} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder="在此粘贴工作要点全文（可含印发通知）" /> },
          ]}
        />
        {previewPlan.isError && <Alert type="error" showIcon style={{ marginTop: 16 }} message={errorMessage(previewPlan.error)} />}
        <Button type="primary" style={{ marginTop: 16 }} loading={previewPlan.isPending} onClick={runPreview}>解析预览</Button>
      </Card>
    );
  }

  return (
    <Card
      title={`核对任务表：${preview.source.fileName}`}
      extra={
        <Space>
          <Button onClick={() => { setPreview(null); setRequest(null); }}>重新选择</Button>
          <Button type="primary" loading={importPlan.isPending} onClick={confirm}>{preview.existing ? `保存为第 ${preview.existing.revision + 1} 版` : '确认导入'}</Button>
        </Space>
      }
    >
      {preview.existing && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={`已存在《${preview.existing.title}》（第 ${preview.existing.revision} 版）。本文件将作为修订版保存，不会重复创建。`}
          description={`新增 ${preview.existing.diff.added.length} 项${preview.existing.diff.added.length ? `（${preview.existing.diff.added.join('、')}）` : ''}；删除 ${preview.existing.diff.removed.length} 项${preview.existing.diff.removed.length ? `（${preview.existing.diff.removed.join('、')}）` : ''}；修改 ${preview.existing.diff.changed.length} 项${preview.existing.diff.changed.length ? `（${preview.existing.diff.changed.map((c) => `${c.number}：${c.fields.join('、')}`).join('；')}）` : ''}；未变 ${preview.existing.diff.unchanged} 项。`}
        />
      )}
      {(problems.length > 0 || unknownNames.length > 0 || preview.parse.warnings.length > 0) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`请核对以下 ${problems.length + unknownNames.length + preview.parse.warnings.length} 个问题`}
          description={
            <div data-testid="import-problems">
              {unknownNames.length > 0 && (
                <div style={{ marginBottom: 8 }}>
                  {unknownNames.map((name) => (
                    <div key={name} style={{ marginBottom: 4 }}>
                      单位“<b>{name}</b>”不在组织机构中，对应到：
                      <Select
                        size="small"
                        showSearch
                        allowClear
                        style={{ width: 240, marginLeft: 8 }}
                        placeholder="选择已有单位"
                        optionFilterProp="label"
                        options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                        onChange={(id?: number) => mapUnit(name, id ?? null)}
                      />
                    </div>
                  ))}
                  <Checkbox checked={request.createUnknownUnits} onChange={(e) => setRequest({ ...request, createUnknownUnits: e.target.checked })}>
                    未对应的单位在确认时新建为本委处室
                  </Checkbox>
                </div>
              )}
              {[...problems, ...preview.parse.warnings].map((p) => <div key={p}>· {p}</div>)}
            </div>
          }
        />
      )}
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label="标题"><Input style={{ width: 380 }} value={request.plan.title} onChange={(e) => setRequest({ ...request, plan: { ...request.plan, title: e.target.value } })} /></Form.Item>
        <Form.Item label="年度"><InputNumber value={request.plan.year} min={1949} max={2100} onChange={(v) => v && setRequest({ ...request, plan: { ...request.plan, year: v } })} /></Form.Item>
        <Form.Item label="发文单位"><Input style={{ width: 220 }} value={request.plan.issuer ?? ''} onChange={(e) => setRequest({ ...request, plan: { ...request.plan, issuer: e.target.value || null } })} /></Form.Item>
        <Form.Item label="成文日期">
          <DatePicker value={request.plan.noticeDate ? dayjs(request.plan.noticeDate) : null} onChange={(d) => setRequest({ ...request, plan: { ...request.plan, noticeDate: d ? d.format('YYYY-MM-DD') : null } })} />
        </Form.Item>
      </Form>
      <Row gutter={16}>
        <Col span={9}>
          <Card size="small" title="原文" extra={<Space size={4}><Tag className="hl-unit">单位</Tag><Tag className="hl-target">指标</Tag><Tag className="hl-deadline">时限</Tag></Space>}>
            <div className="plan-source" data-testid="plan-source">
              {segments.map((s, i) => (s.kind ? <mark key={i} className={`hl-${s.kind}`} title={`第 ${s.task} 项`}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
            </div>
          </Card>
        </Col>
        <Col span={15}>
          <Table<Row>
            size="small"
            rowKey={(r) => `${r.sectionOrdinal}-${r.number}`}
            dataSource={rows}
            pagination={false}
            scroll={{ y: 640 }}
            title={() => `共 ${request.sections.length} 个部分、${rows.length} 项任务`}
            columns={[
              { title: '部分', dataIndex: 'sectionTitle', width: 110, render: (t: string, r) => `${r.sectionOrdinal}. ${t}` },
              { title: '编号', dataIndex: 'number', width: 56 },
              { title: '任务', dataIndex: 'text', render: (t: string) => <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0 }}>{t}</Typography.Paragraph> },
              { title: '牵头单位', dataIndex: 'leadUnits', width: 120, render: (refs: TUnitRef[]) => <UnitTags refs={refs} preview={preview} /> },
              { title: '配合单位', dataIndex: 'supportUnits', width: 120, render: (refs: TUnitRef[]) => <UnitTags refs={refs} preview={preview} /> },
              { title: '量化指标', dataIndex: 'targets', width: 110, render: (ts: TTaskInput['targets']) => ts.map((t) => <Tag key={t.text} color="blue" title={t.text}>{formatTarget(t)}</Tag>) },
              { title: '完成时限', dataIndex: 'deadline', width: 110, render: (d: TTaskInput['deadline']) => <span style={{ color: d.explicit ? undefined : '#999' }}>{formatDeadline(d)}</span> },
              { title: '', key: 'edit', width: 56, render: (_: unknown, r) => <Button size="small" type="link" onClick={() => setEditing(r)} aria-label={`编辑第 ${r.number} 项`}>编辑</Button> },
            ]}
          />
        </Col>
      </Row>
      <TaskEditor
        task={editing}
        units={units.data ?? []}
        onCancel={() => setEditing(null)}
        onSave={(task) => {
          if (editing) updateTask(editing.sectionOrdinal, editing.number, task);
          setEditing(null);
        }}
      />
    </Card>
  );
}
