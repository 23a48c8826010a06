import { useState } from 'react';
import { Alert, Button, Input, Radio, Space, Tabs, Tag, Tree, Typography, Upload } from 'antd';
import type { TreeDataNode } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { MATTER_LABELS, type TOutlinePreview, type TParsedHeading } from '../../../shared/compilation.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { useImportOutline, usePreviewOutline } from './api.ts';

const METHOD_LABELS: Record<TOutlinePreview['method'], string> = {
  styles: 'Word 标题样式',
  numbering: '标题编号（第一篇、第一章、一、（一）…）',
  indentation: '缩进',
  table: '表格列（类目、分目、条目…）',
  flat: '无法判断，全部作为第一层',
};

function toTree(hs: readonly TParsedHeading[], path = 'h'): TreeDataNode[] {
  return hs.map((h, i) => ({
    key: `${path}-${i}`,
    title: (
      <Space size={4} wrap>
        <Tag bordered={false}>{h.level}</Tag>
        {h.numberText && <Typography.Text type="secondary">{h.numberText}</Typography.Text>}
        <span>{h.title}</span>
        {h.matter !== 'body' && (
          <Tag color="purple" bordered={false}>
            {MATTER_LABELS[h.matter]}
          </Tag>
        )}
        {h.genre !== '志' && h.genre !== '记' && (
          <Tag color="blue" bordered={false}>
            {h.genre}
          </Tag>
        )}
        {h.ownerUnitName && <Tag bordered={false}>{h.ownerUnitName}</Tag>}
        {h.wordBudget !== null && <Typography.Text type="secondary">{h.wordBudget} 字</Typography.Text>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          第 {h.line} 行
        </Typography.Text>
      </Space>
    ),
    children: toTree(h.children, `${path}-${i}`),
  }));
}

/** Upload or paste an outline → check the levels in the preview → save. Nothing is saved before confirming. */
export function OutlineImportPanel({
  projectId,
  hasNodes,
  onDone,
}: {
  projectId: number;
  hasNodes: boolean;
  onDone: () => void;
}) {
  const preview = usePreviewOutline(projectId);
  const save = useImportOutline(projectId);
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [tab, setTab] = useState<'file' | 'text'>('file');
  const [mode, setMode] = useState<'replace' | 'append'>('replace');
  const result = preview.data;
  const run = () => (tab === 'file' ? file && preview.mutate({ file }) : text.trim() && preview.mutate({ text }));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'file' | 'text')}
        items={[
          {
            key: 'file',
            label: '上传文件',
            children: (
              <Upload.Dragger
                accept=".docx,.xlsx,.txt"
                maxCount={1}
                beforeUpload={(f) => {
                  if (f.size > LIMITS.uploadBytes) return Upload.LIST_IGNORE;
                  setFile(f);
                  return false;
                }}
                onRemove={() => setFile(null)}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p>
                  点击或拖入篇目文件：.docx（标题样式、目录、编号或表格）、.xlsx（类目/分目/条目各列，或一列加缩进）、.txt
                </p>
              </Upload.Dragger>
            ),
          },
          {
            key: 'text',
            label: '粘贴文字',
            children: (
              <Input.TextArea
                rows={10}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder={'凡例\n概述\n第一篇 政区\n  第一章 沿革\n    第一节 古代'}
              />
            ),
          },
        ]}
      />
      <Button type="primary" onClick={run} loading={preview.isPending} disabled={tab === 'file' ? !file : !text.trim()}>
        识别篇目
      </Button>
      {result && (
        <>
          <Alert
            type={result.method === 'flat' ? 'warning' : 'info'}
            showIcon
            message={`识别到 ${result.count} 条，层级依据：${METHOD_LABELS[result.method]}`}
            description={
              result.warnings.length ? (
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {result.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              ) : undefined
            }
          />
          {result.count > 0 && (
            <Tree blockNode defaultExpandAll showLine treeData={toTree(result.headings)} selectable={false} />
          )}
          {result.count > 0 && (
            <Space wrap>
              {hasNodes && (
                <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'replace' | 'append')}>
                  <Radio value="replace">替换现有篇目</Radio>
                  <Radio value="append">追加在现有篇目之后</Radio>
                </Radio.Group>
              )}
              <Button
                type="primary"
                loading={save.isPending}
                onClick={() => save.mutate({ headings: result.headings, mode }, { onSuccess: onDone })}
              >
                确认导入 {result.count} 条
              </Button>
            </Space>
          )}
        </>
      )}
    </Space>
  );
}
