import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  TNotificationPage,
  TNotificationSettingsView,
  TReminderRunResult,
  TTestMessageResult,
} from '../../../../shared/notifications.ts';
import type { TMilestone, TReport } from '../../../../shared/reports.ts';
import type { TChase } from '../../../../shared/supervision.ts';
import { TEST_DIALECTS } from '../../../test/test-db.ts';
import { readAuditLog } from '../../../test/audit-log.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { systemActor } from '../../../platform/auth/actor.ts';
import { startRobotServer, startSmtpServer } from '../../../test/local-test-servers.ts';
import { buildWorld, setToday, type World, WORLD_TIMEOUT } from '../../../test/world.ts';
import { findDeliveries, findNotificationsOf } from '../../notifications/notifications.repository.ts';
import { runReminders, startReminderJob } from './reminders.ts';

type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;
type Robot = Awaited<ReturnType<typeof startRobotServer>>;
type WecomBody = { msgtype: string; markdown: { content: string } };
type DingBody = { msgtype: string; markdown: { title: string; text: string } };

const SMTP_USER = 'fangzhi-mailer';
const SMTP_PASS = 'smtp-secret-1';
const DING_SECRET = 'SEC-test-signing-secret';

describe.each(TEST_DIALECTS)('outbound channels and reminders against local servers (%s)', (dialect) => {
  let smtp: Smtp;
  let wecom: Robot;
  let ding: Robot;
  let t: TestApp;
  let w: World;
  let bianStaff: TestClient;

  beforeAll(async () => {
    [smtp, wecom, ding] = await Promise.all([
      startSmtpServer({ user: SMTP_USER, pass: SMTP_PASS }),
      startRobotServer(),
      startRobotServer(),
    ]);
  });
  afterAll(async () => Promise.all([smtp.close(), wecom.close(), ding.close()]));

  beforeEach(async () => {
    smtp.mails.length = 0;
    wecom.hits.length = 0;
    ding.hits.length = 0;
    wecom.answer.errcode = 0;
    t = await createTestApp(dialect);
    setToday(t, '2024-05-10');
    w = await buildWorld(t);
    bianStaff = await w.user('bian_staff', ['unit_staff'], '编纂科', 'bian.staff@yunchuan.example');
    await w.user('bian_head', ['unit_head'], '编纂科', 'bian.head@yunchuan.example');
    await w.user('nian_staff', ['unit_staff'], '年鉴科', 'nian@yunchuan.example');
    const saved = await w.admin.json<TNotificationSettingsView>('PUT', '/api/settings/notifications', {
      siteUrl: 'http://fz.yunchuan.example/',
      smtp: {
        enabled: true,
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        user: SMTP_USER,
        password: SMTP_PASS,
        from: 'fangzhi@yunchuan.example',
      },
      wecom: { enabled: true, webhookUrl: `${wecom.url}/cgi-bin/webhook/send?key=test-key` },
      dingtalk: { enabled: true, webhookUrl: `${ding.url}/robot/send?access_token=test-token`, secret: DING_SECRET },
    });
    expect(saved.status).toBe(200);
  }, WORLD_TIMEOUT);
  afterEach(async () => t.close());

  it('never returns the SMTP password or the 钉钉 secret, and keeps them when the form leaves them out', async () => {
    const res = await w.admin.request('GET', '/api/settings/notifications');
    const text = await res.text();
    expect(text).not.toContain(SMTP_PASS);
    expect(text).not.toContain(DING_SECRET);
    const view = JSON.parse(text) as TNotificationSettingsView;
    expect(view).toMatchObject({
      siteUrl: 'http://fz.yunchuan.example',
      smtp: { hasPassword: true, user: SMTP_USER },
      dingtalk: { hasSecret: true },
    });
    const { hasPassword: _p, ...smtpView } = view.smtp;
    const { hasSecret: _s, ...dingView } = view.dingtalk;
    await w.admin.json('PUT', '/api/settings/notifications', {
      ...view,
      smtp: { ...smtpView, from: 'duban@yunchuan.example' },
      dingtalk: dingView,
    });
    // Both saves are in the log (as the administrator reads it), and neither holds the password.
    const audit = await readAuditLog(w.admin, { action: 'settings.notifications' });
    expect(audit).toHaveLength(2);
    expect(audit[1]!.after).toMatchObject({ smtp: { from: 'duban@yunchuan.example' } });
    expect(JSON.stringify(audit)).not.toContain(SMTP_PASS);
    // The password was kept: a test mail still authenticates.
    const sent = await w.admin.json<TTestMessageResult>('POST', '/api/settings/notifications/test', {
      channel: 'email',
      to: 'it@yunchuan.example',
    });
    expect(sent.body).toEqual({ channel: 'email', ok: true, message: '测试邮件已发送至 it@yunchuan.example。' });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({
      from: 'duban@yunchuan.example',
      to: ['it@yunchuan.example'],
      subject: '方志平台测试消息',
      user: SMTP_USER,
    });
    expect((await w.supervisor.json('GET', '/api/settings/notifications')).status).toBe(403);
  });

  it('sends a test message to each robot, signed for 钉钉, and reports a refusal in Chinese', async () => {
    expect(
      (await w.admin.json<TTestMessageResult>('POST', '/api/settings/notifications/test', { channel: 'wecom' })).body
        .ok,
    ).toBe(true);
    expect(
      (await w.admin.json<TTestMessageResult>('POST', '/api/settings/notifications/test', { channel: 'dingtalk' })).body
        .ok,
    ).toBe(true);
    expect(wecom.hits).toHaveLength(1);
    expect(wecom.hits[0]!.url.searchParams.get('key')).toBe('test-key');
    expect((wecom.hits[0]!.body as WecomBody).markdown.content).toMatch(
      /^\*\*方志平台测试消息\*\*\n> 这是一条由测试root发送的测试消息/,
    );
    const hit = ding.hits[0]!;
    const timestamp = hit.url.searchParams.get('timestamp')!;
    expect(timestamp).toBe(String(Date.parse('2024-05-10T08:00:00.000Z')));
    expect(hit.url.searchParams.get('sign')).toBe(
      createHmac('sha256', DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest('base64'),
    );
    expect(hit.url.searchParams.get('access_token')).toBe('test-token');
    expect((hit.body as DingBody).markdown.title).toBe('方志平台测试消息');

    wecom.answer.errcode = 93000;
    const refused = await w.admin.json<TTestMessageResult>('POST', '/api/settings/notifications/test', {
      channel: 'wecom',
    });
    expect(refused.body.ok).toBe(false);
    expect(refused.body.message).toMatch(/企业微信机器人拒绝了消息（93000/);
    const noAddress = await w.admin.json<{ message: string }>('POST', '/api/settings/notifications/test', {
      channel: 'email',
    });
    expect(noAddress.status).toBe(400);
  });

  it('delivers a chase by e-mail to the unit’s people and once to each robot, with the right content', async () => {
    const res = await w.supervisor.json<TChase>('POST', `/api/tasks/${w.tasks['1']}/chases`, {
      unitId: w.unitIds['编纂科'],
      message: '终审进度滞后，请说明原因。',
      replyBy: '2024-05-17',
    });
    expect(res.status).toBe(201);
    expect(res.body.deliveries).toEqual([
      { channel: 'email', recipient: 'bian.staff@yunchuan.example', status: 'sent' },
      { channel: 'email', recipient: 'bian.head@yunchuan.example', status: 'sent' },
      { channel: 'wecom', recipient: 'group', status: 'sent' },
      { channel: 'dingtalk', recipient: 'group', status: 'sent' },
    ]);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([
      'bian.head@yunchuan.example',
      'bian.staff@yunchuan.example',
    ]);
    const mail = smtp.mails[0]!;
    expect(mail.subject).toBe('催办：第1项任务');
    expect(mail.text).toContain('编纂科：终审进度滞后，请说明原因。');
    expect(mail.text).toContain('请于 2024-05-17 前回复办理情况。');
    expect(mail.text).toContain(`查看详情：http://fz.yunchuan.example/supervision/tasks/${w.tasks['1']}`);
    expect(wecom.hits).toHaveLength(1);
    const content = (wecom.hits[0]!.body as WecomBody).markdown.content;
    expect(content.split('\n')[0]).toBe('**催办：第1项任务**');
    expect(content).toContain('> 编纂科：终审进度滞后，请说明原因。');
    expect(ding.hits).toHaveLength(1);
    expect((ding.hits[0]!.body as DingBody).markdown).toMatchObject({
      title: '催办：第1项任务',
      text: expect.stringContaining('#### 催办：第1项任务'),
    });
    const rows = await findDeliveries(t.deps.db);
    expect(rows.map((r) => r.channel).sort()).toEqual(['dingtalk', 'email', 'email', 'wecom']);
    expect(rows.every((r) => r.status === 'sent' && r.dedupe_key === `chase:${res.body.id}`)).toBe(true);
  });

  it('reminds before a report and a milestone are due and when overdue — once, however often it runs', async () => {
    const task1 = w.tasks['1']!;
    const task2 = w.tasks['2']!;
    // 编纂科 (lead of task 1) sets a milestone due on 24 June.
    const milestone = await bianStaff.json<TMilestone>('POST', `/api/tasks/${task1}/milestones`, {
      name: '终审会',
      dueDate: '2024-06-24',
      deliverable: '终审意见',
      weight: 1,
    });
    expect(milestone.status).toBe(201);
    const milestoneId = milestone.body.id;
    // 年鉴科 has already submitted task 2's June report on 20 June: nobody is reminded of it. The clock goes back to
    // 10 May afterwards (the manual run below reads the server's own day); everyone signs in again.
    await w.setToday('2024-06-20');
    const nianStaff = await w.user('nian_staff', ['unit_staff'], '年鉴科');
    const june = await nianStaff.json<TReport>('PUT', `/api/tasks/${task2}/reports/2024-06`, {
      progressText: '年鉴框架已定稿',
      percent: 40,
    });
    expect(june.status).toBe(200);
    expect((await nianStaff.json<TReport>('POST', `/api/reports/${june.body.id}/submit`)).body.status).toBe(
      'submitted',
    );
    await w.setToday('2024-05-10');
    bianStaff = await w.user('bian_staff', ['unit_staff'], '编纂科');

    const first = await runReminders(t.deps, systemActor('reminders'), '2024-06-22');
    /** A person's notification keys (what makes each reminder once-only), read through the notifications module. */
    const keys = async (username: string) =>
      (
        await findNotificationsOf(t.deps.db, await w.userId(username), { unreadOnly: false, limit: 1000, offset: 0 })
      ).rows
        .map((r) => r.dedupe_key)
        .sort();
    const bianKeys = await keys('bian_staff');
    expect(bianKeys).toEqual([
      `milestone-due:${milestoneId}`,
      `report-due:${task1}:${w.unitIds['编纂科']}:2024-06`,
      `report-overdue:${task1}:${w.unitIds['编纂科']}:2024-05`,
    ]);
    // 编纂科 only supports task 3 (▲指导科 leads it); 年鉴科 supports task 1 and leads task 2, whose June report is filed.
    expect(await keys('nian_staff')).toEqual([`report-overdue:${task2}:${w.unitIds['年鉴科']}:2024-05`]);
    const box = (await bianStaff.json<TNotificationPage>('GET', '/api/notifications')).body;
    const due = box.items.find((n) => n.kind === 'report_due')!;
    expect(due).toMatchObject({ title: '填报提醒：2024年6月进展' });
    expect(due.body).toContain('请编纂科于 2024-06-25 前报送2024年6月工作进展。');
    expect(box.items.find((n) => n.kind === 'milestone_due')!.body).toContain(
      '节点“终审会”（成果：终审意见）应于 2024-06-24 完成。',
    );

    const mailsToBian = smtp.mails.filter((m) => m.to.includes('bian.staff@yunchuan.example'));
    expect(mailsToBian.map((m) => m.subject).sort()).toEqual([
      '填报提醒：2024年6月进展',
      '节点提醒：终审会',
      '逾期未报：2024年5月进展',
    ]);
    const robotCount = wecom.hits.length;
    expect(robotCount).toBe(ding.hits.length);
    expect(first.notifications).toBe(bianKeys.length * 2 + (await keys('nian_staff')).length);
    expect(first.deliveries).toBe(smtp.mails.length + wecom.hits.length + ding.hits.length);

    const again = await runReminders(t.deps, systemActor('reminders'), '2024-06-22');
    expect(again).toEqual({ date: '2024-06-22', notifications: 0, deliveries: 0 });
    const nextDay = await runReminders(t.deps, systemActor('reminders'), '2024-06-23');
    expect(nextDay).toEqual({ date: '2024-06-23', notifications: 0, deliveries: 0 });
    expect(wecom.hits).toHaveLength(robotCount);
    expect(smtp.mails.filter((m) => m.to.includes('bian.staff@yunchuan.example'))).toHaveLength(3);

    // After the deadline: the June report, the milestone and the task itself are overdue — each said once.
    const july = await runReminders(t.deps, systemActor('reminders'), '2024-07-02');
    expect(july.notifications).toBeGreaterThan(0);
    const newKeys = (await keys('bian_staff')).filter((k) => !bianKeys.includes(k));
    expect(newKeys).toEqual([
      `deadline-overdue:${task1}:2024-06-30`,
      `milestone-overdue:${milestoneId}`,
      `report-overdue:${task1}:${w.unitIds['编纂科']}:2024-06`,
    ]);
    expect(await runReminders(t.deps, systemActor('reminders'), '2024-07-02')).toMatchObject({
      notifications: 0,
      deliveries: 0,
    });

    // The supervisor may run them by hand (the server's own clock is still 10 May): nothing new either way.
    const manual = await w.supervisor.json<TReminderRunResult>('POST', '/api/notifications/reminders/run');
    expect(manual.status).toBe(200);
    expect(manual.body.date).toBe('2024-05-10');
  });

  it('runs the reminder job at once on the clock’s day, and stopping waits for the run in progress', async () => {
    await w.setToday('2024-06-22');
    const stop = startReminderJob(t.deps, 60_000);
    await stop();
    // 编纂科 leads task 1, whose June report is due on the 25th: its people were reminded by the job's run.
    const box = (
      await (await w.user('bian_staff', ['unit_staff'], '编纂科')).json<TNotificationPage>('GET', '/api/notifications')
    ).body;
    expect(box.items.filter((n) => n.kind === 'report_due').length).toBeGreaterThan(0);
  });

  it('records a failed delivery once and does not retry it on the next run', async () => {
    wecom.answer.errcode = 310000;
    await runReminders(t.deps, systemActor('reminders'), '2024-06-22');
    const failed = await findDeliveries(t.deps.db, { channel: 'wecom' });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((d) => d.status === 'failed' && d.error?.includes('310000'))).toBe(true);
    const hits = wecom.hits.length;
    wecom.answer.errcode = 0;
    await runReminders(t.deps, systemActor('reminders'), '2024-06-22');
    expect(wecom.hits).toHaveLength(hits);
  });
});
