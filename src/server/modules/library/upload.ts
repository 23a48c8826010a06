import { AppError } from '../../../shared/errors.ts';
import type { AppContext } from '../../http/context.ts';

/** The uploaded file of a multipart request (field `file`) and the other text fields. */
export async function readUpload(
  c: AppContext,
  what: string,
): Promise<{ bytes: Uint8Array; fileName: string; fields: Map<string, string> }> {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new AppError('BAD_REQUEST', '请以 multipart/form-data 上传文件（字段名 file）。');
  }
  const file = form.get('file');
  if (!(file instanceof File)) throw new AppError('BAD_REQUEST', `没有收到文件：请在字段 file 中上传${what}。`);
  if (file.size === 0) throw new AppError('VALIDATION_FAILED', `上传的文件“${file.name}”是空的。`);
  const fields = new Map<string, string>();
  form.forEach((v, k) => {
    if (typeof v === 'string') fields.set(k, v);
  });
  return { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name, fields };
}

export function optionalId(raw: string | undefined, label: string): number | null {
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new AppError('VALIDATION_FAILED', `${label}“${raw}”无效，应为正整数。`);
  return n;
}
