import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { convertWithLibreOffice, findSoffice } from '../src/server/modules/documents/render-with-libreoffice.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');
export const ADMIN_PASSWORD = 'e2e-admin-pass-1';
const run = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningApp {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * What each running server printed, by its URL: a request that fails with a server error carries the end of it, so a
 * walk that fails in CI shows the server's side of the failure, not only the status.
 */
const serverOutput = new Map<string, () => string>();

/** The last `chars` characters the server at `url` printed (empty when it was not started here). */
export function serverOutputOf(url: string, chars = 4000): string {
  const all = serverOutput.get(url)?.() ?? '';
  return all.length > chars ? `…${all.slice(-chars)}` : all;
}

async function failure(url: string, what: string, res: Response): Promise<Error> {
  const body = await res.text();
  const server = res.status >= 500 ? serverOutputOf(url) : '';
  return new Error(`${what}: ${res.status} ${body}${server ? `\n服务器输出：\n${server}` : ''}`);
}

/**
 * Starts the built product (`bin/fangzhi serve`) on a free port with a fresh data directory — or on `dataDir`, the data
 * of an earlier run (to restart it on another pinned date), which `stop` then leaves in place for the caller.
 */
export async function startApp(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<RunningApp> {
  if (!fs.existsSync(path.join(ROOT, 'dist/web/index.html')))
    throw new Error('web app not built: run `npm run build` first');
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-e2e-'));
  const child: ChildProcess = spawn(path.join(ROOT, 'bin/fangzhi'), ['serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      FANGZHI_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  serverOutput.set(url, () => output);
  // Generous: on a loaded 2-core machine the first start (migrations, argon2) can take a minute.
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      serverOutput.delete(url);
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium for the walks. Every page it opens asks for reduced motion (as a user can in the system's settings), so the
 * app opens dialogs and messages without their zoom: on a loaded machine a click sent while a dialog was still growing
 * landed beside its button (on 取消, closing it unsent), which failed CI twice in walks that pass alone.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  // `newPage` opens its context through `newContext`, so this covers both.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ reducedMotion: 'reduce', ...options });
  return browser;
}

export const chromiumAvailable = fs.existsSync(CHROMIUM);

/** LibreOffice renders exported .docx to PDF so a walk can look at the pages; without it those steps skip. */
export const sofficeAvailable = findSoffice() !== null;

/**
 * Renders an exported .docx as the product does (`convertWithLibreOffice`: own profile, one at a time, the official
 * fontconfig), writes its pages as PNGs under ARTIFACTS/`name` to look at, and returns the PDF's text without white space.
 */
export async function renderDocxPages(docx: string, name: string): Promise<string> {
  const pdf = await convertWithLibreOffice(docx, path.dirname(docx));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // Asynchronous, like the conversion: a test that blocks its own event loop lets the keep-alive sockets of its API
  // clients go stale, and its next request fails with "other side closed".
  await run('pdftoppm', ['-png', '-r', '60', pdf, path.join(ARTIFACTS, name)]);
  return (await run('pdftotext', [pdf, '-'])).stdout.replace(/\s+/g, '');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Clicks a button that sends a request, then waits for the server's answer and for the toast that reports it. Both waits
 * are armed before the click: an antd toast lives three seconds, and on a loaded machine a wait begun after the click
 * can start looking when the toast has already gone. A refused request, or one never sent (a form that did not
 * validate), fails with what the page shows — the server's message, the form's errors — not a bare locator timeout.
 */
export async function clickAndConfirm(
  page: Page,
  button: Locator,
  expected: { request: RegExp; toast: RegExp },
): Promise<void> {
  const response = page.waitForResponse(
    (r) => r.request().method() !== 'GET' && expected.request.test(new URL(r.url()).pathname),
  );
  const toast = page.getByText(expected.toast).waitFor();
  // Either wait may be abandoned when the other fails; neither may then surface as an unhandled rejection.
  response.catch(() => undefined);
  toast.catch(() => undefined);
  await button.click();
  const shown = async () => {
    const texts = await page
      .locator('.ant-form-item-explain-error, .ant-message-notice, .ant-alert-message')
      .allTextContents()
      .catch(() => []);
    const dialogs = await page
      .getByRole('dialog')
      .count()
      .catch(() => 0);
    return `；${dialogs > 0 ? '对话框仍打开' : '没有打开的对话框'}${texts.length ? `；页面上显示：${texts.join(' | ')}` : ''}`;
  };
  const answer = await response.catch(async (e: Error) => {
    throw new Error(`没有等到 ${expected.request} 的请求（${e.message.split('\n')[0]}）${await shown()}`);
  });
  if (!answer.ok())
    throw new Error(
      `${answer.request().method()} ${answer.url()}: ${answer.status()} ${await answer.text()}${await shown()}`,
    );
  await toast.catch(async (e: Error) => {
    throw new Error(`请求已成功，但没有看到提示 ${expected.toast}（${e.message.split('\n')[0]}）${await shown()}`);
  });
}

export async function loginAs(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
}

/** A signed-in API client for setting the scene quickly; the pages under test are then driven in the browser. */
export async function apiAs(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw await failure(url, `login ${username}`, res);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${url}${p}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw await failure(url, `${method} ${p}`, r);
    return (await r.json()) as T;
  };
}

/**
 * 系统管理 → 通知渠道, as an administrator would fill it: e-mail through the local SMTP server (user `mailer`,
 * password `mail-pass-1`) and the 企业微信 robot at the local robot server. Leaves the page on the saved settings.
 */
export async function configureChannels(
  page: Page,
  appUrl: string,
  smtpPort: number,
  robotUrl: string,
  sender: string,
): Promise<void> {
  await page.getByRole('menuitem', { name: /通知渠道/ }).click();
  await page.getByLabel('平台访问地址').fill(appUrl);
  await page.getByRole('switch', { name: '启用邮件' }).click();
  await page.getByLabel('SMTP 服务器').fill('127.0.0.1');
  await page.getByLabel('端口').fill(String(smtpPort));
  await page.getByLabel('用户名').fill('mailer');
  await page.getByLabel('密码', { exact: true }).fill('mail-pass-1');
  await page.getByLabel('发件人').fill(sender);
  await page.getByRole('switch', { name: '启用企业微信' }).click();
  await page.getByLabel('企业微信 Webhook 地址').fill(`${robotUrl}/cgi-bin/webhook/send?key=e2e`);
  await page.getByRole('button', { name: '保存设置' }).click();
  await page.getByText('通知渠道设置已保存').waitFor();
}
