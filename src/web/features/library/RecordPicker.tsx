import { useState } from 'react';
import { Select } from 'antd';
import { useHoldings } from './api.ts';

/** Chooses a catalogue record by typing part of its title or ISBN. */
export function RecordPicker({
  value,
  onChange,
  style,
}: {
  value?: number;
  onChange?: (id: number) => void;
  style?: React.CSSProperties;
}) {
  const [q, setQ] = useState('');
  const holdings = useHoldings({ q, pageSize: 20 });
  return (
    <Select
      showSearch
      value={value}
      placeholder="输入题名或 ISBN 查找书目"
      filterOption={false}
      onSearch={setQ}
      onChange={onChange}
      loading={holdings.isFetching}
      style={style ?? { width: 320 }}
      options={(holdings.data?.rows ?? []).map((r) => ({
        value: r.id,
        label: `《${r.title}》${r.pubYear ? ` ${r.pubYear}` : ''}`,
      }))}
      notFoundContent="没有找到；请先在馆藏目录中著录"
    />
  );
}
