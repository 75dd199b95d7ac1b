import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type UserRole } from '../common/auth/staff-role.js';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text') role: UserRole;
  @Column('text', { select: false }) passwordHash: string;
  @Column('timestamptz') createdAt: Date;
  /** A deactivated person cannot sign in and their sessions have ended; the row stays for history. */
  @Column('boolean', { default: true }) active: boolean;
  /** See emailSkeleton: unique, so a look-alike of an existing email is refused. */
  @Column('text', { nullable: true, select: false }) emailSkeleton: string | null;
}
