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

/** The file name the server gave in `Content-Disposition` (RFC 5987 `filename*` first), or `fallback`. */
function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

/**
 * Fetches a file (GET, or POST with a JSON body) and hands it to the browser as a download. Failures throw the server's
 * `AppError`, like every other call.
 */
export async function downloadFile(path: string, fallbackName: string, body?: unknown): Promise<void> {
  const headers: Record<string, string> = {};
  const csrf = readCookie(CSRF_COOKIE);
  const method = body === undefined ? 'GET' : 'POST';
  if (csrf && method !== 'GET') headers[CSRF_HEADER] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new AppError('INTERNAL', '无法连接服务器，请检查网络后重试。');
  }
  if (!res.ok) throw await toAppError(res);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(res, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Uploads a form (files and fields) with progress (0–100), resolving to the JSON answer. Failures reject with the
 * server's `AppError` (413 and 415 included), so upload pages show the same Chinese messages as the rest of the app.
 */
export function uploadFile<T>(path: string, form: FormData, onProgress?: (percent: number) => void, method = 'POST'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.withCredentials = true;
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.responseType = 'text';
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(new AppError('INTERNAL', '无法连接服务器，请检查网络后重试。'));
    xhr.onload = () => {
      const res = new Response(xhr.responseText || null, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        res.json().then((v) => resolve(v as T), () => resolve(undefined as T));
      } else {
        toAppError(res).then(reject, reject);
      }
    };
    xhr.send(form);
  });
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
