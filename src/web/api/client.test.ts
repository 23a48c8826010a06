import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../../shared/auth.ts';
import { api, downloadFile, fileNameOf, toAppError, uploadFile } from './client.ts';

// The client runs in the browser; here `fetch`, `document` and `XMLHttpRequest` are stand-ins that record what was
// sent and answer what each test says, so the mapping from answers to errors is checked without a browser.

interface Sent {
  url: string;
  init: RequestInit;
}

let sent: Sent[];
let clicked: { href: string; download: string }[];

function answer(res: Response | Error): void {
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return res instanceof Error ? Promise.reject(res) : Promise.resolve(res);
  });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeEach(() => {
  sent = [];
  clicked = [];
  vi.stubGlobal('document', {
    cookie: `other=1; ${CSRF_COOKIE}=tok%2Ben`,
    body: { appendChild: () => undefined },
    createElement: () => {
      const a = {
        href: '',
        download: '',
        click: () => clicked.push({ href: a.href, download: a.download }),
        remove: () => undefined,
      };
      return a;
    },
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('toAppError', () => {
  it("gives back the server's code, Chinese message and field details", () => {
    const e = toAppError(
      422,
      JSON.stringify({
        code: 'UNPROCESSABLE_DOCUMENT',
        message: '文件“甲.docx”已损坏，请另存后重试。',
        details: [{ path: 'file', message: '已损坏' }],
      }),
    );
    expect(e.code).toBe('UNPROCESSABLE_DOCUMENT');
    expect(e.message).toBe('文件“甲.docx”已损坏，请另存后重试。');
    expect(e.details).toEqual([{ path: 'file', message: '已损坏' }]);
  });

  it('keeps 401 and 403 as what they are, not as a file problem', () => {
    expect(
      toAppError(401, JSON.stringify({ code: 'UNAUTHENTICATED', message: '尚未登录或登录已过期，请重新登录。' })).code,
    ).toBe('UNAUTHENTICATED');
    expect(toAppError(403, JSON.stringify({ code: 'FORBIDDEN', message: '您没有执行此操作的权限。' })).message).toBe(
      '您没有执行此操作的权限。',
    );
  });

  it('judges a non-JSON answer by its status', () => {
    expect(toAppError(413, '<html>413 Request Entity Too Large</html>').code).toBe('PAYLOAD_TOO_LARGE');
    expect(toAppError(401, '').code).toBe('UNAUTHENTICATED');
    expect(toAppError(403, 'Forbidden').code).toBe('FORBIDDEN');
    expect(toAppError(415, '').code).toBe('UNSUPPORTED_FILE');
    const e = toAppError(502, '<html>Bad Gateway</html>');
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toContain('HTTP 502');
  });

  it('ignores a JSON body whose code is not ours', () => {
    const e = toAppError(500, JSON.stringify({ code: 'SOMETHING_ELSE', message: 'boom' }));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).not.toBe('boom');
  });
});

describe('api JSON calls', () => {
  it('sends JSON with the CSRF token on state-changing calls and returns the parsed answer', async () => {
    answer(json(200, { id: 7 }));
    await expect(api.put<{ id: number }>('/api/things/7', { name: '甲' })).resolves.toEqual({ id: 7 });
    const { init } = sent[0]!;
    expect(init.method).toBe('PUT');
    expect((init.headers as Record<string, string>)[CSRF_HEADER]).toBe('tok+en');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(init.body).toBe(JSON.stringify({ name: '甲' }));
  });

  it('sends no CSRF token on GET', async () => {
    answer(json(200, []));
    await api.get('/api/things');
    expect((sent[0]!.init.headers as Record<string, string>)[CSRF_HEADER]).toBeUndefined();
  });

  it("rejects with the server's AppError", async () => {
    answer(json(409, { code: 'CONFLICT', message: '该用户名已被使用，请换一个。' }));
    const e = await failure(api.post('/api/users', { username: 'a' }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('该用户名已被使用，请换一个。');
  });

  it('turns a network failure into a Chinese message', async () => {
    answer(new TypeError('Failed to fetch'));
    const e = await failure(api.get('/api/things'));
    expect(e.message).toBe('无法连接服务器，请检查网络后重试。');
  });
});

describe('downloadFile', () => {
  it('names the file as the server says and clicks it', async () => {
    answer(
      new Response('xlsx-bytes', {
        status: 200,
        headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('任务分解表.xlsx')}` },
      }),
    );
    await downloadFile('/api/plans/1/export?kind=tasks&format=xlsx', '备用.xlsx');
    expect(sent[0]!.init.method).toBe('GET');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('任务分解表.xlsx');
    expect(clicked[0]!.href).toMatch(/^blob:/);
  });

  it('falls back to the given name', async () => {
    answer(new Response('csv', { status: 200 }));
    await downloadFile('/api/search/kwic?format=csv', 'KWIC.csv');
    expect(clicked[0]!.download).toBe('KWIC.csv');
  });

  it('posts a JSON body with the CSRF token when given one', async () => {
    answer(new Response('docx', { status: 200 }));
    await downloadFile('/api/export', '通报.docx', { period: '2023-06' });
    expect(sent[0]!.init.method).toBe('POST');
    expect((sent[0]!.init.headers as Record<string, string>)[CSRF_HEADER]).toBe('tok+en');
  });

  it("rejects with the server's message and downloads nothing", async () => {
    answer(json(400, { code: 'VALIDATION_FAILED', message: '2023-13 不是有效的月份，请按 YYYY-MM 填写。' }));
    const e = await failure(downloadFile('/api/plans/1/export?kind=bulletin&period=2023-13', '通报.docx'));
    expect(e.message).toBe('2023-13 不是有效的月份，请按 YYYY-MM 填写。');
    expect(clicked).toHaveLength(0);
  });

  it('reads plain and RFC 5987 file names', () => {
    expect(fileNameOf('attachment; filename="report.pdf"', 'x')).toBe('report.pdf');
    expect(fileNameOf(`attachment; filename="a.pdf"; filename*=UTF-8''${encodeURIComponent('附件.pdf')}`, 'x')).toBe(
      '附件.pdf',
    );
    expect(fileNameOf(null, '备用.pdf')).toBe('备用.pdf');
  });
});

/** A stand-in XMLHttpRequest that answers `status`/`text` after reporting upload progress. */
function fakeXhr(status: number | 'offline', text: string) {
  const instances: FakeXhr[] = [];
  class FakeXhr {
    method = '';
    url = '';
    headers: Record<string, string> = {};
    withCredentials = false;
    responseType = '';
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
      onprogress: null,
    };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    body: unknown;
    constructor() {
      instances.push(this);
    }
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    send(body: unknown) {
      this.body = body;
      queueMicrotask(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 });
        this.upload.onprogress?.({ lengthComputable: true, loaded: 200, total: 200 });
        if (status === 'offline') {
          this.onerror?.();
          return;
        }
        this.status = status;
        this.responseText = text;
        this.onload?.();
      });
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return instances;
}

describe('uploadFile', () => {
  it('reports progress, sends the CSRF token and resolves to the JSON answer', async () => {
    const xhrs = fakeXhr(201, JSON.stringify({ book: { id: 3 } }));
    const form = new FormData();
    form.set('title', '青岚县志');
    const progress: number[] = [];
    await expect(uploadFile('/api/books', form, (p) => progress.push(p))).resolves.toEqual({ book: { id: 3 } });
    expect(progress).toEqual([25, 100]);
    expect(xhrs[0]!.method).toBe('POST');
    expect(xhrs[0]!.headers[CSRF_HEADER]).toBe('tok+en');
    expect(xhrs[0]!.body).toBe(form);
  });

  it('rejects a refused upload with the server message, not a file error', async () => {
    fakeXhr(403, JSON.stringify({ code: 'FORBIDDEN', message: '您没有执行此操作的权限。' }));
    const e = await failure(uploadFile('/api/books', new FormData()));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe('您没有执行此操作的权限。');
  });

  it('rejects an expired session as UNAUTHENTICATED', async () => {
    fakeXhr(401, JSON.stringify({ code: 'UNAUTHENTICATED', message: '尚未登录或登录已过期，请重新登录。' }));
    expect((await failure(uploadFile('/api/plans/preview', new FormData()))).code).toBe('UNAUTHENTICATED');
  });

  it('passes an unreadable document through with its message', async () => {
    fakeXhr(422, JSON.stringify({ code: 'UNPROCESSABLE_DOCUMENT', message: '“甲.pdf”没有文字层，请先做文字识别。' }));
    expect((await failure(uploadFile('/api/plans/preview', new FormData()))).message).toBe(
      '“甲.pdf”没有文字层，请先做文字识别。',
    );
  });

  it('maps an empty 413 from the body limit to PAYLOAD_TOO_LARGE', async () => {
    fakeXhr(413, '');
    expect((await failure(uploadFile('/api/books', new FormData()))).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('turns a lost connection into a Chinese message', async () => {
    fakeXhr('offline', '');
    expect((await failure(uploadFile('/api/books', new FormData()))).message).toBe(
      '无法连接服务器，请检查网络后重试。',
    );
  });
});
