import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  List,
  Popconfirm,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import {
  ACQUISITION_METHODS,
  type TImportBatch,
  type TImportItem,
  type TImportPreview,
} from '../../../shared/library.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { errorMessage } from '../../api/client.ts';
import { previewImport, rollbackImport, runImport, useImportBatches, useLibraryMutation } from './api.ts';
import { usePhone } from './use-phone.ts';

const ACTION: Record<TImportItem['action'], { color: string; text: string }> = {
  create: { color: 'green', text: '新建' },
  add_copies: { color: 'blue', text: '并入已有书目' },
  skip: { color: 'red', text: '有错误' },
};
const FORMAT: Record<string, string> = { iso2709: 'MARC（ISO 2709）', marcxml: 'MARCXML', xlsx: 'Excel' };

/** 馆藏导入: choose a file, read the preview (duplicates and every error by record or cell), then import; batches can be rolled back. */
export function HoldingsImportPage() {
  const { message } = App.useApp();
  const phone = usePhone();
  const [file, setFile] = useState<File | null>(null);
  const [acquisition, setAcquisition] = useState<string>('购买');
  const [preview, setPreview] = useState<TImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const batches = useImportBatches();
  const rollback = useLibraryMutation(rollbackImport, (b) => `已撤销导入“${b.fileName}”`);
  const form = (f: File) => {
    const body = new FormData();
    body.set('file', f);
    body.set('acquisition', acquisition);
    return body;
  };
  const check = async (f: File) => {
    setFile(f);
    setPreview(null);
    setError(null);
    if (f.size > LIMITS.uploadBytes) {
      setError(
        `“${f.name}”超过 ${LIMITS.uploadBytes / 1024 / 1024} MB，请拆分，或用命令行 bin/fangzhi holdings import 导入。`,
      );
      return;
    }
    try {
      setPercent(0);
      setPreview(await previewImport(form(f), setPercent));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPercent(null);
    }
  };
  const commit = async () => {
    if (!file) return;
    try {
      setPercent(0);
      const r = await runImport(form(file), setPercent);
      void message.success(`已导入：新建书目 ${r.batch.recordCount} 条，复本 ${r.batch.copyCount} 册`);
      setPreview(null);
      setFile(null);
      await batches.refetch();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPercent(null);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="导入馆藏" extra={<Link to="/holdings">馆藏目录</Link>}>
        <Typography.Paragraph type="secondary">
          支持 CNMARC 的 ISO 2709（.iso/.mrc，UTF-8 或 GB18030）与 MARCXML 文件，以及 Excel
          馆藏表（.xlsx：表头至少有“题名”，可用导出的馆藏表作模板；条码号多个用顿号分隔，或只填复本数由系统编号）。先检查，确认无误再导入；导入后可整批撤销。
        </Typography.Paragraph>
        <Space wrap>
          <Upload
            accept=".iso,.mrc,.marc,.xml,.xlsx"
            showUploadList={false}
            beforeUpload={(f) => {
              void check(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>选择文件并检查</Button>
          </Upload>
          <span>文件未注明时的入藏方式</span>
          <Select
            value={acquisition}
            onChange={setAcquisition}
            style={{ width: 90 }}
            options={ACQUISITION_METHODS.map((m) => ({ value: m, label: m }))}
          />
        </Space>
        {percent !== null && <Progress percent={percent} size="small" />}
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} />}
      </Card>
      {preview && (
        <Card
          title={`检查结果：${preview.fileName}（${FORMAT[preview.format]}）`}
          extra={
            <Button type="primary" disabled={preview.counts.skip > 0} onClick={() => void commit()}>
              确认导入
            </Button>
          }
        >
          <Alert
            style={{ marginBottom: 12 }}
            type={preview.counts.skip > 0 ? 'warning' : 'success'}
            showIcon
            message={`新建书目 ${preview.counts.create} 条，并入已有书目 ${preview.counts.addCopies} 条，复本 ${preview.counts.copies} 册${preview.counts.skip > 0 ? `；${preview.counts.skip} 条有错误，改正文件后重新检查（有错误时不会导入任何内容）` : ''}`}
          />
          {phone ? (
            <List<TImportItem>
              dataSource={preview.items}
              renderItem={(i) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <>
                        <Tag color={ACTION[i.action].color}>{ACTION[i.action].text}</Tag>
                        {i.title || '（无题名）'}
                      </>
                    }
                    description={
                      <>
                        {i.source} · 复本 {i.copies}
                        {i.duplicateOf ? ` · ${i.duplicateOf.reason}` : ''}
                        {i.errors.map((e) => (
                          <div key={e} style={{ color: '#cf1322' }}>
                            {e}
                          </div>
                        ))}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          ) : (
            <Table<TImportItem>
              rowKey="index"
              size="small"
              dataSource={preview.items}
              pagination={{ pageSize: 100, hideOnSinglePage: true }}
              columns={[
                { title: '位置', dataIndex: 'source', width: 180 },
                { title: '题名', dataIndex: 'title', render: (t: string) => t || '（无题名）' },
                { title: '类型', dataIndex: 'type', width: 80 },
                { title: '复本', dataIndex: 'copies', width: 60 },
                {
                  title: '处理',
                  key: 'a',
                  width: 130,
                  render: (_, i) => <Tag color={ACTION[i.action].color}>{ACTION[i.action].text}</Tag>,
                },
                {
                  title: '说明',
                  key: 'e',
                  render: (_, i) => (
                    <>
                      {i.duplicateOf && (
                        <div>
                          {i.duplicateOf.reason}
                          {i.duplicateOf.id > 0 && (
                            <>
                              ：<Link to={`/holdings/${i.duplicateOf.id}`}>《{i.duplicateOf.title}》</Link>
                            </>
                          )}
                        </div>
                      )}
                      {i.errors.map((e) => (
                        <div key={e} style={{ color: '#cf1322' }}>
                          {e}
                        </div>
                      ))}
                    </>
                  ),
                },
              ]}
            />
          )}
        </Card>
      )}
      <Card title="导入批次">
        <Table<TImportBatch>
          rowKey="id"
          size="small"
          loading={batches.isPending}
          dataSource={batches.data}
          pagination={false}
          scroll={{ x: 640 }}
          columns={[
            { title: '文件', dataIndex: 'fileName' },
            { title: '格式', dataIndex: 'format', width: 110, render: (f: string) => FORMAT[f] ?? f },
            { title: '收藏单位', dataIndex: 'unitName' },
            { title: '新建书目', dataIndex: 'recordCount', width: 90 },
            { title: '复本', dataIndex: 'copyCount', width: 70 },
            { title: '时间', dataIndex: 'createdAt', width: 110, render: (v: string) => v.slice(0, 10) },
            {
              title: '',
              key: 'ops',
              width: 90,
              render: (_, b) =>
                b.rolledBackAt ? (
                  <Tag>已撤销</Tag>
                ) : (
                  <Popconfirm
                    title={`撤销导入“${b.fileName}”？`}
                    description="删除这一批新建的书目和加入的复本。"
                    okText="撤销"
                    cancelText="取消"
                    onConfirm={() => rollback.mutate(b.id)}
                  >
                    <Typography.Link type="danger">撤销</Typography.Link>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
