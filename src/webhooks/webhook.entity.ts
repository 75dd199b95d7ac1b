import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A URL an admin registered to hear about some events; deleted ones are kept (their deliveries name them). */
@Entity({ name: 'webhooks' })
export class Webhook {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') url: string;
  @Column('text', { array: true }) events: string[];
  /** Sealed signing secret (SecretBox); null once deleted. */
  @Column('text', { nullable: true, select: false }) secret: string | null;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz', { nullable: true }) deletedAt: Date | null;
}
