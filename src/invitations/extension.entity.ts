import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Extra time granted to one invitation, with the reason kept for the record. */
@Entity({ name: 'extensions' })
export class Extension {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') invitationId: string;
  @Column('integer') minutes: number;
  @Column('text') reason: string;
  @Column('uuid', { nullable: true }) grantedBy: string | null;
  @Column('timestamptz') createdAt: Date;
}
