import { ApiProperty } from '@nestjs/swagger';
import { type User } from './user.entity.js';
import { USER_ROLES, type UserRole } from '../common/auth/staff-role.js';

/** What the API shows of a user: never the hash. */
export class UserView {
  id!: string;
  /** As stored: trimmed, NFKC-normalised and lower-cased at creation. */
  email!: string;
  name!: string;
  @ApiProperty({ enum: USER_ROLES })
  role!: UserRole;
}

export const toUserView = (u: Pick<User, 'id' | 'email' | 'name' | 'role'>): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
});

/** What an admin sees in the list of staff accounts. */
export class StaffAccountView extends UserView {
  /** false once deactivated: the person can no longer sign in. */
  active!: boolean;
}

export const toStaffAccountView = (u: Pick<User, 'id' | 'email' | 'name' | 'role' | 'active'>): StaffAccountView => ({
  ...toUserView(u),
  active: u.active,
});
