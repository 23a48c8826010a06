import type { TRole } from '../../shared/auth.ts';
import type { TestApp, TestClient } from './test-app.ts';

/** A small office for compilation tests: units, and signed-in people with their user ids. */
export interface CompilationWorld {
  admin: TestClient;
  units: Record<string, number>;
  /** Signs a user in (created on first call) and returns the client with the user's id. */
  person(username: string, roles: TRole[], unit?: string): Promise<{ client: TestClient; id: number }>;
}

export async function buildCompilationWorld(
  t: TestApp,
  unitNames: readonly string[] = ['年鉴处', '省统计局', '省气象局', '资料处'],
): Promise<CompilationWorld> {
  const admin = await t.signIn('root', ['admin']);
  const units: Record<string, number> = {};
  for (const name of unitNames)
    units[name] = (await admin.json<{ id: number }>('POST', '/api/units', { name, kind: 'department' })).body.id;
  const people = new Map<string, { client: TestClient; id: number }>();
  return {
    admin,
    units,
    async person(username, roles, unit) {
      const known = people.get(username);
      if (known) return known;
      const client = await t.signIn(username, roles, unit ? (units[unit] ?? null) : null);
      const users = (await admin.json<{ id: number; username: string }[]>('GET', '/api/users')).body;
      const id = users.find((u) => u.username === username)!.id;
      const p = { client, id };
      people.set(username, p);
      return p;
    },
  };
}
