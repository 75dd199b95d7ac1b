import { type User } from './user.entity.js';
import { type UserRole } from '../common/auth/staff-role.js';

/** What the API shows of a user: never the hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

export const toUserView = (u: Pick<User, 'id' | 'email' | 'name' | 'role'>): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
});

/** What an admin sees in the list of staff accounts. */
export interface StaffAccountView extends UserView {
  active: boolean;
}

export const toStaffAccountView = (u: Pick<User, 'id' | 'email' | 'name' | 'role' | 'active'>): StaffAccountView => ({
  ...toUserView(u),
  active: u.active,
});
