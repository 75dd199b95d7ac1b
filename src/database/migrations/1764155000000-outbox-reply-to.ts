import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Where a mail's replies go: a candidate's emails carry a Reply-To (MAIL_REPLY_TO, or the recruiter who invited
 * them), stored with the message so a retry sends the same header. Null: replies go to MAIL_FROM.
 */
export class OutboxReplyTo1764155000000 implements MigrationInterface {
  name = 'OutboxReplyTo1764155000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_messages ADD COLUMN reply_to text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_messages DROP COLUMN reply_to`);
  }
}
