import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const USER_ROLES = ['admin', 'recruiter', 'reviewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text') role: UserRole;
  @Column('text', { select: false }) passwordHash: string;
  @Column('timestamptz') createdAt: Date;
}

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
