import { randomBytes } from 'node:crypto';
import { type UserRole } from '../../src/common/auth/staff-role.js';
import { UsersService } from '../../src/users/users.service.js';
import { type TestApp } from '../support/test-app.js';

export interface StaffSession {
  id: string;
  email: string;
  password: string;
  role: UserRole;
  token: string;
  auth: { Authorization: string };
}

/** Creates a staff user through the service and signs in over HTTP. */
export async function createStaff(
  t: TestApp,
  role: UserRole,
  overrides: { name?: string; email?: string } = {},
): Promise<StaffSession> {
  const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@candor.test`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const user = await t.app.get(UsersService).create({ email, password, role, name: overrides.name ?? `Test ${role}` });
  const res = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  const token = (res.body as { accessToken: string }).accessToken;
  return { id: user.id, email, password, role, token, auth: { Authorization: `Bearer ${token}` } };
}
