/**
 * `npm run load [-- --duration SECONDS] [--connections N] [--profile DIR [--heap-snapshots]]`: starts `bin/fangzhi serve` on loopback with a throwaway
 * DATA_DIR, sets up the fictional 云川 plan with a unit user through the API, then drives it with autocannon:
 * N connections (default 100) mixing reads (health, plan list, plan detail, my tasks, books) and report saves
 * (PUT draft, one transaction with audit each). Prints p50/p99 latency, errors and the server's RSS over time.
 * With --profile DIR the server runs with --cpu-prof (a .cpuprofile in DIR when it stops), bench/server-probe.mjs
 * writes its event-loop delay, GC time and heap every 5 s to DIR/probe-PID.tsv, and its warnings (slow requests)
 * go to DIR/server.log.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { toImportRequest } from '../src/shared/workplan-import.ts';
import type { TPlanDetail, TPlanPreview } from '../src/shared/workplan.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} 应为正数`);
    process.exit(2);
  }
  return value;
}

const duration = option('duration', 60);
const connections = option('connections', 100);
const profileAt = process.argv.indexOf('--profile');
const profileDir = profileAt >= 0 ? path.resolve(process.argv[profileAt + 1] ?? '') : null;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-load-'));
const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const ADMIN_PASSWORD = 'load-test-admin-1';

const profileArgs = profileDir
  ? [
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      `--diagnostic-dir=${profileDir}`,
      ...(process.argv.includes('--heap-snapshots') ? ['--heapsnapshot-signal=SIGUSR2'] : []),
      `--import=${path.join(root, 'bench/server-probe.mjs')}`,
    ]
  : [];
const server = spawn(process.execPath, [...profileArgs, path.join(root, 'bin/fangzhi'), 'serve'], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    FANGZHI_ADMIN_PASSWORD: ADMIN_PASSWORD,
    FANGZHI_FIXED_DATE: '2024-07-10',
    ...(profileDir ? { FANGZHI_PROBE_DIR: profileDir } : {}),
  },
  stdio: ['ignore', profileDir ? openSync(path.join(profileDir, 'server.log'), 'a') : 'ignore', 'inherit'],
});
const rssMb = () => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
};

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('服务未能在 60 秒内启动');
}

async function signIn(username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`登录失败 ${username}: ${res.status} ${await res.text()}`);
  return {
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
  };
}

async function call<T>(who: { cookie: string; csrf: string }, method: string, url: string, body?: unknown): Promise<T> {
  const isForm = body instanceof FormData;
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: who.cookie,
      'x-csrf-token': who.csrf,
      origin: base,
      ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

try {
  await waitForServer();
  const admin = await signIn('admin', ADMIN_PASSWORD);
  const committee = await call<{ id: number }>(admin, 'POST', '/api/units', {
    name: '云川市地方志编纂委员会',
    kind: 'committee',
  });
  const units: Record<string, number> = {};
  for (const name of ['编纂科', '年鉴科', '资料科', '方志馆', '办公室', '指导科']) {
    units[name] = (
      await call<{ id: number }>(admin, 'POST', '/api/units', { name, kind: 'department', parentId: committee.id })
    ).id;
  }
  await call(admin, 'POST', '/api/users', {
    username: 'ziliao',
    displayName: '资料科联络员',
    password: 'load-test-user-1',
    roles: ['unit_staff'],
    unitId: units['资料科'],
  });
  const form = () => {
    const f = new FormData();
    f.set(
      'file',
      new File(
        [readFileSync(path.join(root, 'src/server/modules/workplan/fixtures/yunchuan-2024-work-points.txt'))],
        'yunchuan.txt',
      ),
    );
    return f;
  };
  const preview = await call<TPlanPreview>(admin, 'POST', '/api/plans/preview', form());
  const importForm = form();
  importForm.set('plan', JSON.stringify(toImportRequest(preview.parse, preview.units, true)));
  const { planId } = await call<{ planId: number }>(admin, 'POST', '/api/plans', importForm);
  const detail = await call<TPlanDetail>(admin, 'GET', `/api/plans/${planId}`);
  const task = detail.sections.flatMap((s) => s.tasks).find((x) => x.number === '4')!.id;
  const staff = await signIn('ziliao', 'load-test-user-1');
  const headers = {
    cookie: staff.cookie,
    'x-csrf-token': staff.csrf,
    origin: base,
    'content-type': 'application/json',
  };
  const draft = (n: number) =>
    JSON.stringify({ progressText: `已征集地情资料${n}件。`, percent: n % 100, problems: '', nextSteps: '继续征集。' });

  const samples: { second: number; rss: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(
    () => samples.push({ second: Math.round((Date.now() - started) / 1000), rss: rssMb() }),
    1000,
  );
  let saves = 0;
  // --heap-snapshots: two (a quarter in and near the end) to compare what the heap keeps. Each stops the server for
  // seconds, so a run with them counts timeouts that are the snapshots' own.
  const snapshots =
    profileDir && process.argv.includes('--heap-snapshots')
      ? [0.25, 0.9].map((f) => setTimeout(() => server.kill('SIGUSR2'), duration * 1000 * f))
      : [];
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [
      { method: 'GET', path: '/api/health' },
      { method: 'GET', path: '/api/plans', headers },
      { method: 'GET', path: `/api/plans/${planId}`, headers },
      { method: 'GET', path: '/api/my/tasks', headers },
      { method: 'GET', path: '/api/books', headers },
      {
        method: 'PUT',
        path: `/api/tasks/${task}/reports/2024-06`,
        headers,
        setupRequest: (req) => ({ ...req, body: draft(++saves) }),
      },
    ],
  });
  clearInterval(sampler);
  snapshots.forEach(clearTimeout);
  const rss = samples.map((s) => s.rss);
  const warm = rss.slice(Math.min(10, Math.floor(rss.length / 3)));
  console.log(
    `负载测试 / load: ${connections} 个连接，${duration} 秒，读（健康检查、计划列表、计划详情、我的任务、书目）与保存进展报告草稿交替`,
  );
  console.log(`请求 requests\t${result.requests.total}（${result.requests.average.toFixed(0)} /s）`);
  console.log(
    `延迟 latency\tp50 ${result.latency.p50} ms\tp90 ${result.latency.p90} ms\tp99 ${result.latency.p99} ms\tmax ${result.latency.max} ms`,
  );
  console.log(`错误 errors\t${result.errors}\t超时 timeouts ${result.timeouts}\t非 2xx ${result.non2xx}`);
  console.log(`报告保存 saves\t${saves}`);
  console.log(
    `服务端 RSS\t启动后 ${rss[0] ?? 0} MB\t预热后 ${warm[0] ?? 0} MB\t结束 ${rss.at(-1) ?? 0} MB\t峰值 ${Math.max(...rss)} MB`,
  );
  console.log(
    `RSS 每 10 秒\t${samples
      .filter((s) => s.second % 10 === 0)
      .map((s) => `${s.second}s:${s.rss}`)
      .join(' ')}`,
  );
  process.exitCode = result.errors + result.timeouts + result.non2xx > 0 ? 1 : 0;
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
