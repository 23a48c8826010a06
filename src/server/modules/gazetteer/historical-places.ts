/**
 * Historical place names the old books use as their region, placed under today's divisions (GB/T 2260 codes) so that
 * browsing 吉林 also finds a book filed under 伯都訥 or 寧古塔. Only names whose modern seat is settled are listed; any
 * other name is shown on its own under 其他地名. Pure data.
 */
export const HISTORICAL_PLACES: Record<string, string> = {
  盛京: '210000',
  奉天: '210000',
  奉天府: '210100',
  吉林烏拉: '220200',
  吉林乌拉: '220200',
  船廠: '220200',
  船厂: '220200',
  長春廳: '220100',
  长春厅: '220100',
  伯都訥: '220700',
  伯都讷: '220700',
  寧古塔: '231084',
  宁古塔: '231084',
  三姓: '230123',
  卜魁: '230200',
  齊齊哈爾: '230200',
  黑龍江: '230000',
  畿輔: '130000',
  直隸: '130000',
  直隶: '130000',
  江南: '320000',
  湖廣: '420000',
  湖广: '420000',
};
