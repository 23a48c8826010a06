import { Space, Tag, Typography } from 'antd';
import { CLASSIFICATION_LABELS, type TCard, type TClassification } from '../../../shared/compilation-sources.ts';

const LEVEL_COLORS: Record<TClassification, string | undefined> = {
  public: undefined,
  internal: 'blue',
  secret: 'orange',
  confidential: 'volcano',
  top_secret: 'red',
};

export function LevelTag({ level }: { level: TClassification }) {
  return level === 'public' ? null : <Tag color={LEVEL_COLORS[level]}>{CLASSIFICATION_LABELS[level]}</Tag>;
}

/** One excerpt card: number, time, place, subject, 密级, the verbatim text, its source and nodes. */
export function CardBody({ card }: { card: TCard }) {
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      <Space wrap size={4}>
        <Typography.Text strong>#{card.id}</Typography.Text>
        {card.time ? <Tag color="geekblue">{card.time}</Tag> : <Tag>时间不详</Tag>}
        {card.place && <Tag>{card.place}</Tag>}
        {card.subject && <Tag color="cyan">{card.subject}</Tag>}
        <LevelTag level={card.classification} />
        {card.openContradictions > 0 && <Tag color="red">有未裁定矛盾</Tag>}
      </Space>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{card.text}</Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        出处：{card.citation}
        {card.locator ? `，${card.locator}` : ''}
      </Typography.Text>
      {card.nodes.length > 0 && (
        <Space wrap size={4}>
          {card.nodes.map((n) => (
            <Tag key={n.id} bordered={false}>
              {n.title}
            </Tag>
          ))}
        </Space>
      )}
    </Space>
  );
}
