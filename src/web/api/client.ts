import { AppError, isErrorCode, type ErrorCode } from '../../shared/errors.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../../shared/auth.ts';

/**
 * The web app's one HTTP client: JSON calls (`api.*`), downloads (`downloadFile`) and uploads with progress
 * (`uploadFile`). Every failure becomes the `AppError` the server threw, with its Chinese message, so a page never
 * shows "HTTP 403" or a page of JSON.
 */

const OFFLINE_MESSAGE = '无法连接服务器，请检查网络后重试。';

/** What a bare status means when the answer is not our JSON error (a proxy's page, an empty 413 from the body limit). */
const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_FILE',
  429: 'RATE_LIMITED',
};

function readCookie(name: string): string | null {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

/** Turns a failed answer (`{ code, message, details }` from the server, or anything else) into an `AppError`. */
export function toAppError(status: number, text: string): AppError {
  try {
    const body = JSON.parse(text) as {
      code?: unknown;
      message?: unknown;
      details?: { path: string; message: string }[];
    };
    if (isErrorCode(body.code)) {
      return new AppError(body.code, typeof body.message === 'string' ? body.message : undefined, body.details ?? []);
    }
  } catch {
    // not JSON: judge by the status
  }
  const code = STATUS_CODES[status];
  if (code) return new AppError(code);
  return new AppError('INTERNAL', `服务器返回了意外的结果（HTTP ${status}），请稍后重试。`);
}

/** Headers and body for a request: the CSRF token on every state-changing call, JSON unless it is a form. */
function prepare(method: string, body: unknown): { headers: Record<string, string>; payload: BodyInit | undefined } {
  const headers: Record<string, string> = {};
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf && method !== 'GET') headers[CSRF_HEADER] = csrf;
  if (body === undefined) return { headers, payload: undefined };
  if (body instanceof FormData) return { headers, payload: body };
  headers['content-type'] = 'application/json';
  return { headers, payload: JSON.stringify(body) };
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const { headers, payload } = prepare(method, body);
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new AppError('INTERNAL', OFFLINE_MESSAGE);
  }
  if (!res.ok) throw toAppError(res.status, await res.text().catch(() => ''));
  return res;
}

async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('application/json') ? await res.json() : await res.blob()) as T;
}

/** The file name the server gave in `Content-Disposition` (RFC 5987 `filename*` first), or `fallback`. */
export function fileNameOf(contentDisposition: string | null, fallback: string): string {
  const header = contentDisposition ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

/**
 * Fetches a file (GET, or POST with a JSON body) and hands it to the browser as a download named as the server says
 * (or `fallbackName`). Failures throw the server's `AppError`, like every other call.
 */
export async function downloadFile(path: string, fallbackName: string, body?: unknown): Promise<void> {
  const res = await send(body === undefined ? 'GET' : 'POST', path, body);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Uploads a form (files and fields) with progress (0–100), resolving to the JSON answer. XMLHttpRequest, because fetch
 * reports no upload progress. Failures reject with the server's `AppError` (413 and 415 included), so upload pages show
 * the same Chinese messages as the rest of the app.
 */
export function uploadFile<T>(
  path: string,
  form: FormData,
  onProgress?: (percent: number) => void,
  method = 'POST',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.withCredentials = true;
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.responseType = 'text';
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(Math.round((e.loaded / e.total) * 100));
      };
    }
    xhr.onerror = () => reject(new AppError('INTERNAL', OFFLINE_MESSAGE));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(toAppError(xhr.status, xhr.responseText));
        return;
      }
      try {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
      } catch {
        reject(new AppError('INTERNAL', `服务器返回了意外的结果（HTTP ${xhr.status}），请稍后重试。`));
      }
    };
    xhr.send(form);
  });
}

export const api = {
  get: <T>(path: string) => apiRequest<T>('GET', path),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, body),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};

/** A Chinese message for any error a mutation or query throws. */
export function errorMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
