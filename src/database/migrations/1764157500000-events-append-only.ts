import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The audit trail (issue #19). The foundation's row trigger refuses UPDATE and DELETE, but row triggers never fire
 * on TRUNCATE, which would empty the table in one statement: a statement trigger refuses that too. Plus the
 * indexes the audit endpoint filters by (an entity's or an actor's history, newest first).
 */
export class EventsAppendOnly1764157500000 implements MigrationInterface {
  name = 'EventsAppendOnly1764157500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    await q.query(`CREATE INDEX events_aggregate_idx ON events (aggregate_id, id)`);
    await q.query(`CREATE INDEX events_actor_idx ON events (actor_id, id) WHERE actor_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX events_actor_idx`);
    await q.query(`DROP INDEX events_aggregate_idx`);
    await q.query(`DROP TRIGGER events_no_truncate ON events`);
  }
}
