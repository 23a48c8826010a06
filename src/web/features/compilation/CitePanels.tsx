import { useState } from 'react';
import { Card, Empty, Input, List, Modal, Space, Switch, Tag, Typography } from 'antd';
import type { TCard } from '../../../shared/compilation-sources.ts';
import { CardBody } from './CardBody.tsx';
import { useMaterials, useProvenance } from './materials-api.ts';

/** Picks an excerpt card to cite at the cursor: the node's own cards first, or all cards of the project. */
export function CiteCardModal({
  projectId,
  nodeId,
  open,
  onPick,
  onClose,
}: {
  projectId: number;
  nodeId: number;
  open: boolean;
  onPick: (card: TCard) => void;
  onClose: () => void;
}) {
  const [all, setAll] = useState(false);
  const [q, setQ] = useState('');
  const materials = useMaterials(projectId, all ? {} : { nodeId });
  const cards = (materials.data?.cards ?? []).filter(
    (c) => !q || c.text.includes(q) || (c.subject ?? '').includes(q) || c.citation.includes(q),
  );
  return (
    <Modal title="引用摘录卡片" open={open} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      <Space wrap style={{ marginBottom: 8 }}>
        <Switch checked={all} onChange={setAll} /> {all ? '全部卡片' : '本篇目关联的卡片'}
        <Input.Search allowClear placeholder="查找原文、主题、出处" onSearch={setQ} style={{ width: 220 }} />
      </Space>
      <List
        loading={materials.isLoading}
        dataSource={cards}
        locale={{ emptyText: all ? '没有卡片' : '本篇目还没有关联卡片，可切换到“全部卡片”' }}
        style={{ maxHeight: '60vh', overflow: 'auto' }}
        renderItem={(c) => (
          <List.Item
            style={{ cursor: 'pointer' }}
            onClick={() => onPick(c)}
            actions={[
              <Typography.Link key="p" onClick={() => onPick(c)}>
                引用
              </Typography.Link>,
            ]}
          >
            <CardBody card={c} />
          </List.Item>
        )}
      />
    </Modal>
  );
}

/** 段落出处: each paragraph of the latest version and the cards it cites. */
export function ParagraphSources({ projectId, nodeId }: { projectId: number; nodeId: number }) {
  const prov = useProvenance(projectId, nodeId);
  const cited = (prov.data?.paragraphs ?? []).filter((p) => p.cards.length > 0);
  const total = prov.data?.paragraphs.length ?? 0;
  return (
    <Card
      size="small"
      title={`段落出处${prov.data?.version ? `（第 ${prov.data.version} 版）` : ''}`}
      loading={prov.isLoading}
    >
      {prov.data && total === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有稿件" />
      ) : (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {total} 段中 {cited.length} 段注明了出处
          </Typography.Text>
          <List
            size="small"
            dataSource={prov.data?.paragraphs ?? []}
            renderItem={(p) => (
              <List.Item>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Typography.Text>
                    <Tag bordered={false}>第 {p.index + 1} 段</Tag>
                    {p.text}
                  </Typography.Text>
                  {p.cards.length === 0 ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      未注出处
                    </Typography.Text>
                  ) : (
                    p.cards.map((c) => (
                      <Typography.Text key={c.id} type={c.visible ? undefined : 'secondary'} style={{ fontSize: 12 }}>
                        〔卡{c.id}〕{c.label}
                      </Typography.Text>
                    ))
                  )}
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
