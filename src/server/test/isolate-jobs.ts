/** Jobs for the isolate tests: each misbehaves in one way a hostile document can make a parser misbehave. */
import { AppError } from '../../shared/errors.ts';

export function echo(value: unknown): unknown {
  return value;
}

export function spinForever(): never {
  for (;;) {
    // A parser caught in a cyclic structure.
  }
}

export function growHeap(): number {
  const hoard: string[][] = [];
  for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => `line ${i} ${hoard.length}`));
}

export function refuse(): never {
  throw new AppError('UNPROCESSABLE_DOCUMENT', '这份文件不是工作要点。');
}

export function failInEnglish(): never {
  throw new TypeError('Cannot read properties of undefined (reading "sectors")');
}

export function bigOutput(chars: number): string {
  return 'x'.repeat(chars);
}

export function exitProcess(): void {
  process.exit(3);
}

export async function slowEcho(value: unknown, ms: number): Promise<unknown> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return value;
}

/** Writes into the scratch folder it was given, then hangs or exhausts its heap: a parser killed mid-file. */
export async function writeThen(dir: string, then: 'spin' | 'grow'): Promise<never> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(`${dir}/上传的文件.txt`, '半截内容');
  if (then === 'spin') return spinForever();
  growHeap();
  throw new Error('unreachable');
}

/** A parsed book of `sections` sections of `chars` characters each, marked to travel in parts. */
export async function bookInParts(sections: number, chars: number): Promise<unknown> {
  const { inParts } = await import('../platform/isolate/in-parts.ts');
  const book = {
    metadata: { title: '测试志' },
    sections: Array.from({ length: sections }, (_, i) => ({
      level: 1,
      title: `第${i + 1}节`,
      text: `${i}`.padEnd(chars, '志'),
      anchors: [{ offset: 0, id: `${i}-1a`, label: `葉${i}` }],
      notes: Array.from({ length: 20 }, (_, k) => ({ start: k * 10, end: k * 10 + 4 })),
    })),
  };
  return inParts({ book, warnings: [] }, ['book', 'sections']);
}
