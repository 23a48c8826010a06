import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
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
import { PreviewTaskList, taskAnchor, type PreviewRow } from './PreviewTaskList.tsx';
import { droppedTaskIds, RevisionPanel } from './RevisionPanel.tsx';
import { TaskEditor } from './TaskEditor.tsx';

/** Problems that belong to one task (`第 3 项未标明责任单位`, parser warnings `第 3 项：…`, unknown units), for links. */
function taskProblems(request: TImportPlanRequest, preview: TPlanPreview): { number: string; text: string }[] {
  const out: { number: string; text: string }[] = [];
  for (const task of request.sections.flatMap((s) => s.tasks)) {
    if (task.leadUnits.length === 0 && task.supportUnits.length === 0)
      out.push({ number: task.number, text: '未标明责任单位' });
    else if (task.leadUnits.length === 0) out.push({ number: task.number, text: '未标明牵头单位' });
    const unknown = [...task.leadUnits, ...task.supportUnits].filter(
      (r) => r.unitId === null && preview.units.find((u) => u.name === r.name)?.kind === 'unknown',
    );
    if (unknown.length > 0)
      out.push({ number: task.number, text: `单位“${unknown.map((u) => u.name).join('、')}”不在组织机构中` });
  }
  for (const w of preview.parse.warnings) {
    const m = /^第 (\S+) 项：(.*)$/.exec(w);
    if (m && !/未标明(?:责任|牵头)单位/.test(m[2]!)) out.push({ number: m[1]!, text: m[2]! });
  }
  return out;
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
  const [editing, setEditing] = useState<PreviewRow | null>(null);
  const [dropsConfirmed, setDropsConfirmed] = useState(false);

  const runPreview = () => {
    const next: PlanInput | null =
      mode === 'file' ? (file ? { kind: 'file', file } : null) : pasted.trim() ? { kind: 'text', text: pasted } : null;
    if (!next) {
      void message.warning(mode === 'file' ? '请先选择文件' : '请先粘贴工作要点正文');
      return;
    }
    previewPlan.mutate(next, {
      onSuccess: (p) => {
        setInput(next);
        setPreview(p);
        setRequest(toImportRequest(p.parse, p.units));
        setDropsConfirmed(false);
      },
    });
  };

  const rows: PreviewRow[] = useMemo(
    () =>
      request?.sections.flatMap((s) =>
        s.tasks.map((t) => ({ ...t, sectionOrdinal: s.ordinal, sectionTitle: s.title })),
      ) ?? [],
    [request],
  );
  const unknownNames = useMemo(() => {
    if (!request || !preview) return [];
    const names = new Set<string>();
    for (const r of rows)
      for (const ref of [...r.leadUnits, ...r.supportUnits])
        if (ref.unitId === null && preview.units.find((u) => u.name === ref.name)?.kind !== 'collective')
          names.add(ref.name);
    return [...names];
  }, [rows, request, preview]);
  const problems =
    request && preview ? findImportProblems(request, preview.units).filter((p) => !p.startsWith('单位“')) : [];
  const segments = useMemo(
    () => (preview?.parse.sourceText ? buildSegments(preview.parse.sourceText, collectSpans(preview.parse)) : []),
    [preview],
  );

  const updateTask = (sectionOrdinal: number, number: string, task: TTaskInput) =>
    setRequest(
      (r) =>
        r && {
          ...r,
          sections: r.sections.map((s) =>
            s.ordinal !== sectionOrdinal ? s : { ...s, tasks: s.tasks.map((t) => (t.number === number ? task : t)) },
          ),
        },
    );
  const mapUnit = (name: string, unitId: number | null) =>
    setRequest((r) => {
      if (!r) return r;
      const fix = (refs: TUnitRef[]) => refs.map((ref) => (ref.name === name ? { ...ref, unitId } : ref));
      return {
        ...r,
        sections: r.sections.map((s) => ({
          ...s,
          tasks: s.tasks.map((t) => ({ ...t, leadUnits: fix(t.leadUnits), supportUnits: fix(t.supportUnits) })),
        })),
      };
    });

  // A double click must not import twice (the second answer would contradict the first).
  const importing = useRef(false);
  const confirm = (confirmedDrops: number[]) => {
    if (!request || !input || importing.current) return;
    importing.current = true;
    importPlan.mutate(
      { input, plan: { ...request, confirmedDrops } },
      {
        onSuccess: (res) => {
          void message.success(
            res.unchanged
              ? '与已保存的版本完全相同，未作更改'
              : res.created
                ? '工作要点已导入'
                : `已保存为第 ${res.revision} 版`,
          );
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
          上传本年度《工作要点》或任务分工（分解）表：Word（.docx、.doc、.wps）、带文字层的 PDF 或
          OFD、表格（.xlsx、.xls、.et、.csv）或文本文件；也可直接粘贴正文或网页上的表格。系统识别出任务表后，请逐项核对，确认后才会保存。
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
                  accept=".docx,.doc,.wps,.pdf,.ofd,.xlsx,.xls,.et,.csv,.txt"
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
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">点击或拖动文件到此处</p>
                  <p className="ant-upload-hint">
                    支持 Word、WPS、PDF、OFD、Excel 表格，以及 UTF-8、GBK/GB18030、UTF-16 编码的文本文件
                  </p>
                </Upload.Dragger>
              ),
            },
            {
              key: 'text',
              label: '粘贴正文',
              children: (
                <Input.TextArea
                  rows={14}
                  value={pasted}
                  onChange={(e) => setPasted(e.target.value)}
                  placeholder="在此粘贴工作要点全文（可含印发通知）"
                />
              ),
            },
          ]}
        />
        {previewPlan.percent !== null && (
          <Progress
            percent={previewPlan.percent}
            status="active"
            format={(p) => (p === 100 ? '正在解析…' : `${p}%`)}
            data-testid="plan-upload-progress"
          />
        )}
        {previewPlan.isError && (
          <Alert type="error" showIcon style={{ marginTop: 16 }} message={errorMessage(previewPlan.error)} />
        )}
        <Button type="primary" style={{ marginTop: 16 }} loading={previewPlan.isPending} onClick={runPreview}>
          解析预览
        </Button>
      </Card>
    );
  }

  const problemEntries = taskProblems(request, preview);
  const problemsOf = (number: string): string[] => problemEntries.filter((p) => p.number === number).map((p) => p.text);
  const generalProblems = [
    ...problems.filter((p) => !/^第 \S+ 项/.test(p)),
    ...preview.parse.warnings.filter((w) => !/^第 \S+ 项：/.test(w)),
  ];
  const problemCount = unknownNames.length + problemEntries.length + generalProblems.length;
  const drops = preview.existing ? droppedTaskIds(preview.existing) : [];
  const canConfirm = drops.length === 0 || dropsConfirmed;
  const goTo = (number: string) => {
    const el = document.getElementById(taskAnchor(number));
    el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    el?.classList.add('import-task-flash');
    window.setTimeout(() => el?.classList.remove('import-task-flash'), 1600);
  };

  return (
    <Card
      className="import-preview"
      title={`核对任务表：${preview.source.fileName}`}
      extra={
        <Space wrap>
          <Button
            onClick={() => {
              setPreview(null);
              setRequest(null);
              setDropsConfirmed(false);
            }}
          >
            重新选择
          </Button>
          <Button
            type="primary"
            disabled={!canConfirm}
            title={canConfirm ? undefined : '请先在上方核对并确认去掉的任务'}
            loading={importPlan.isPending}
            onClick={() => confirm(drops)}
          >
            {preview.existing ? `保存为第 ${preview.existing.revision + 1} 版` : '确认导入'}
          </Button>
        </Space>
      }
    >
      {importPlan.percent !== null && (
        <Progress percent={importPlan.percent} status="active" format={(p) => (p === 100 ? '正在保存…' : `${p}%`)} />
      )}
      {problemCount > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`请核对以下 ${problemCount} 个问题`}
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
                        style={{ width: 240, maxWidth: '100%', marginLeft: 8 }}
                        placeholder="选择已有单位"
                        optionFilterProp="label"
                        options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                        onChange={(id?: number) => mapUnit(name, id ?? null)}
                      />
                    </div>
                  ))}
                  <Checkbox
                    checked={request.createUnknownUnits}
                    onChange={(e) => setRequest({ ...request, createUnknownUnits: e.target.checked })}
                  >
                    未对应的单位在确认时新建为本委处室
                  </Checkbox>
                </div>
              )}
              {problemEntries.map((p) => (
                <div key={`${p.number}-${p.text}`}>
                  ·{' '}
                  <Typography.Link onClick={() => goTo(p.number)} data-testid={`problem-link-${p.number}`}>
                    第 {p.number} 项
                  </Typography.Link>
                  ：{p.text}
                </div>
              ))}
              {generalProblems.map((p) => (
                <div key={p}>· {p}</div>
              ))}
            </div>
          }
        />
      )}
      {preview.existing && (
        <RevisionPanel existing={preview.existing} confirmed={dropsConfirmed} onConfirm={setDropsConfirmed} />
      )}
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label="标题">
          <Input
            style={{ width: 380, maxWidth: '100%' }}
            value={request.plan.title}
            onChange={(e) => setRequest({ ...request, plan: { ...request.plan, title: e.target.value } })}
          />
        </Form.Item>
        <Form.Item label="年度">
          <InputNumber
            value={request.plan.year}
            min={1949}
            max={2100}
            onChange={(v) => v && setRequest({ ...request, plan: { ...request.plan, year: v } })}
          />
        </Form.Item>
        <Form.Item label="发文单位">
          <Input
            style={{ width: 220, maxWidth: '100%' }}
            value={request.plan.issuer ?? ''}
            onChange={(e) => setRequest({ ...request, plan: { ...request.plan, issuer: e.target.value || null } })}
          />
        </Form.Item>
        <Form.Item label="成文日期">
          <DatePicker
            value={request.plan.noticeDate ? dayjs(request.plan.noticeDate) : null}
            onChange={(d) =>
              setRequest({ ...request, plan: { ...request.plan, noticeDate: d ? d.format('YYYY-MM-DD') : null } })
            }
          />
        </Form.Item>
      </Form>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16} order={1}>
          <Card size="small" title={`共 ${request.sections.length} 个部分、${rows.length} 项任务`}>
            <PreviewTaskList request={request} preview={preview} problemsOf={problemsOf} onEdit={setEditing} />
          </Card>
        </Col>
        <Col xs={24} xl={8} order={2}>
          <Card
            size="small"
            title="原文对照"
            className="plan-source-card"
            extra={
              <Space size={4}>
                <Tag className="hl-unit">单位</Tag>
                <Tag className="hl-target">指标</Tag>
                <Tag className="hl-deadline">时限</Tag>
              </Space>
            }
          >
            <div className="plan-source" data-testid="plan-source">
              {segments.map((s, i) =>
                s.kind ? (
                  <mark key={i} className={`hl-${s.kind}`} title={`第 ${s.task} 项`}>
                    {s.text}
                  </mark>
                ) : (
                  <span key={i}>{s.text}</span>
                ),
              )}
            </div>
          </Card>
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
