import { AppError, isErrorCode } from '../../shared/errors.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../../shared/auth.ts';

function readCookie(name: string): string | null {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

/** Turns the server's `{ code, message, details }` back into the same `AppError` the server threw. */
async function toAppError(res: Response): Promise<AppError> {
  try {
    const body = (await res.json()) as { code?: unknown; message?: unknown; details?: { path: string; message: string }[] };
    if (isErrorCode(body.code)) return new AppError(body.code, typeof body.message === 'string' ? body.message : undefined, body.details ?? []);
  } catch {
    // not JSON: fall through
  }
  if (res.status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  return new AppError('INTERNAL', `服务器返回了意外的结果（HTTP ${res.status}），请稍后重试。`);
}

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf && method !== 'GET') headers[CSRF_HEADER] = csrf;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new AppError('INTERNAL', '无法连接服务器，请检查网络后重试。');
  }
  if (!res.ok) throw await toAppError(res);
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('application/json') ? await res.json() : await res.blob()) as T;
}

export const api = {
  get: <T>(path: string) => apiRequest<T>('GET', path),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, body),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};

/** A Chinese message for any error a mutation or query throws. */
export function errorMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
