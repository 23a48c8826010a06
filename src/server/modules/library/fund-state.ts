/**
 * A fund's state from what is committed against it: past the warning percentage the library is warned, past the stop
 * percentage no new order may be placed. Pure.
 */
export function fundState(
  amount: number,
  committed: number,
  warnPercent: number,
  stopPercent: number,
): { percent: number; state: 'ok' | 'warning' | 'stopped' } {
  const percent = amount > 0 ? Math.round((committed / amount) * 1000) / 10 : 0;
  return { percent, state: percent >= stopPercent ? 'stopped' : percent >= warnPercent ? 'warning' : 'ok' };
}

/** Whether an order of `value` may be placed, and the warning to show if it crosses the warning line. */
export function checkOrderAgainstFund(
  fund: { name: string; amount: number; warnPercent: number; stopPercent: number },
  committed: number,
  value: number,
): { refused: string | null; warning: string | null } {
  const after = fundState(fund.amount, committed + value, fund.warnPercent, fund.stopPercent);
  const money = (n: number) => `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;
  if (committed + value > (fund.amount * fund.stopPercent) / 100) {
    return {
      refused: `“${fund.name}”已订购 ${money(committed)}，再订 ${money(value)} 将达到经费的 ${after.percent}%，超过停止比例 ${fund.stopPercent}%，不能下单。请调整册数或追加经费。`,
      warning: null,
    };
  }
  return {
    refused: null,
    warning:
      after.state === 'warning' ? `“${fund.name}”已使用 ${after.percent}%，超过预警比例 ${fund.warnPercent}%。` : null,
  };
}
