/** Markdown report of the search benchmark. */

export type Operation = 'count' | 'top20' | 'filtered';

export interface EngineReport {
  name: string;
  ingestCharsPerSecond: number;
  indexRatio: number;
  peakRssBytes: number;
  /** `${length}:${operation}` → milliseconds per query. */
  latencies: Map<string, number[]>;
}

const OPERATION_LABELS: Record<Operation, string> = {
  count: 'count',
  top20: 'top-20 + snippets',
  filtered: 'filtered top-20',
};

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function ms(value: number): string {
  return Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(2) : value.toFixed(1);
}

export function formatReport(
  engines: EngineReport[],
  lengths: number[],
  operations: Operation[],
  info: { sections: number; chars: number; textBytes: number; scale: number; perLength: number; mismatches: string[] },
): string {
  const ours = engines.find((e) => e.name.startsWith('fangzhi')) ?? engines[0];
  const lines: string[] = [];
  lines.push(`# Search benchmark — ${new Date().toISOString()}`);
  lines.push('');
  lines.push(
    `Corpus: ${info.sections} sections, ${(info.chars / 1e6).toFixed(1)} M characters (${(info.textBytes / 1e6).toFixed(1)} MB UTF-8), scale ${info.scale}; ${info.perLength} distinct Han-only queries per length, sampled at random text positions.`,
  );
  lines.push('');
  lines.push('| engine | ingest chars/s | index ÷ text | peak RSS MB |');
  lines.push('|---|---:|---:|---:|');
  for (const e of engines) {
    lines.push(
      `| ${e.name} | ${(e.ingestCharsPerSecond / 1e6).toFixed(2)} M | ${e.indexRatio.toFixed(2)} | ${(e.peakRssBytes / 1e6).toFixed(0)} |`,
    );
  }
  lines.push('');
  lines.push('Latency in ms, p50 / p90 / p99; "×" = p50 ratio to our engine (higher = slower than ours).');
  lines.push('');
  lines.push(`| length | operation | ${engines.map((e) => e.name).join(' | ')} |`);
  lines.push(`|---:|---|${engines.map(() => '---|').join('')}`);
  for (const length of lengths) {
    for (const op of operations) {
      const key = `${length}:${op}`;
      const base = percentile(ours?.latencies.get(key) ?? [], 50);
      const cells = engines.map((e) => {
        const values = e.latencies.get(key) ?? [];
        const p50 = percentile(values, 50);
        const ratio = e === ours ? '' : ` (${(p50 / base).toFixed(1)}×)`;
        return `${ms(p50)} / ${ms(percentile(values, 90))} / ${ms(percentile(values, 99))}${ratio}`;
      });
      lines.push(`| ${length} | ${OPERATION_LABELS[op]} | ${cells.join(' | ')} |`);
    }
  }
  lines.push('');
  lines.push(
    info.mismatches.length === 0
      ? 'All engines agree with the brute-force scan on every query.'
      : `**${info.mismatches.length} answers differ from brute force:**`,
  );
  for (const m of info.mismatches.slice(0, 50)) lines.push(`- ${m}`);
  lines.push('');
  return lines.join('\n');
}
