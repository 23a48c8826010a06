import { Command, Option } from 'commander';
import { ROLES, ROLE_LABELS, type TRole } from '../shared/auth.ts';
import { ZCreateUserRequest, ZPassword } from '../shared/users.ts';
import { openConfiguredDatabase } from '../server/main.ts';
import { systemClock } from '../server/platform/clock.ts';
import { createUser, getUserByUsername, listUsers, resetPassword } from '../server/modules/users/users.service.ts';
import { findUnitUsingName } from '../server/modules/org/org.repository.ts';
import { CLI_ACTOR, CliError, readConfig, readStdin, runCommand } from './cli-support.ts';

function parseOrFail<T>(
  result: { success: true; data: T } | { success: false; error: { issues: { message: string }[] } },
): T {
  if (!result.success) throw new CliError(result.error.issues.map((i) => i.message).join('；'));
  return result.data;
}

export function userCommand(): Command {
  const user = new Command('user').description('管理用户账号 / manage user accounts');

  user
    .command('add')
    .description('创建用户（密码从标准输入读取）/ create a user (password read from stdin)')
    .argument('<username>', '用户名 / username')
    .addOption(
      new Option('--role <role...>', `角色 / role(s): ${ROLES.map((r) => `${r}(${ROLE_LABELS[r]})`).join(', ')}`)
        .choices(ROLES)
        .makeOptionMandatory(),
    )
    .option('--unit <name>', '所属单位名称或简称 / unit name or alias')
    .option('--name <displayName>', '姓名 / display name (default: username)')
    .requiredOption('--password-stdin', '从标准输入读取密码 / read the password from stdin')
    .action((username: string, opts: { role: TRole[]; unit?: string; name?: string }) =>
      runCommand(async () => {
        const password = await readStdin();
        const handle = await openConfiguredDatabase(readConfig());
        try {
          let unitId: number | null = null;
          if (opts.unit) {
            const unit = await findUnitUsingName(handle.db, opts.unit);
            if (!unit) throw new CliError(`找不到单位“${opts.unit}”。请先在“系统管理 → 组织机构”中创建，或检查名称。`);
            unitId = unit.id;
          }
          const input = parseOrFail(
            ZCreateUserRequest.safeParse({
              username,
              displayName: opts.name ?? username,
              password,
              roles: opts.role,
              unitId,
            }),
          );
          const created = await createUser({ db: handle.db, clock: systemClock }, CLI_ACTOR, input);
          process.stdout.write(
            `已创建用户 ${created.username}（${created.roles.map((r) => ROLE_LABELS[r]).join('、')}）\n`,
          );
        } finally {
          await handle.close();
        }
      }),
    );

  user
    .command('passwd')
    .description("重置用户密码（从标准输入读取）/ set a user's password (read from stdin)")
    .argument('<username>', '用户名 / username')
    .requiredOption('--password-stdin', '从标准输入读取密码 / read the password from stdin')
    .action((username: string) =>
      runCommand(async () => {
        const password = parseOrFail(ZPassword.safeParse(await readStdin()));
        const handle = await openConfiguredDatabase(readConfig());
        try {
          const deps = { db: handle.db, clock: systemClock };
          const target = await getUserByUsername(deps, CLI_ACTOR, username);
          await resetPassword(deps, CLI_ACTOR, target.id, { password });
          process.stdout.write(`已重置用户 ${username} 的密码，其已登录的会话均已失效。\n`);
        } finally {
          await handle.close();
        }
      }),
    );

  user
    .command('list')
    .description('列出用户 / list users')
    .option('--json', '输出 JSON / print JSON')
    .action((opts: { json?: boolean }) =>
      runCommand(async () => {
        const handle = await openConfiguredDatabase(readConfig());
        try {
          const users = await listUsers({ db: handle.db, clock: systemClock }, CLI_ACTOR);
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
            return;
          }
          for (const u of users) {
            process.stdout.write(
              `${u.username}\t${u.displayName}\t${u.roles.map((r) => ROLE_LABELS[r]).join('、')}\t${u.unitName ?? '—'}\t${u.isDisabled ? '已停用' : '启用'}\n`,
            );
          }
        } finally {
          await handle.close();
        }
      }),
    );
  return user;
}
