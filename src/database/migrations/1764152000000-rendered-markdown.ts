import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { NOTHING_RENDERED, renderSections } from '../../assessments/rendered-content.js';

const BATCH = 50;

/**
 * Each published version keeps its readings and prompts as HTML, rendered once at publish, so no page renders
 * Markdown on a view (a hostile reading blocked the event loop, or failed, on every view). Existing versions
 * are rendered here under the same bound; what it refuses is stored as escaped text, so their pages still work.
 */
export class RenderedMarkdown1764152000000 implements MigrationInterface {
  name = 'RenderedMarkdown1764152000000';

  async up(q: QueryRunner): Promise<void> {
    // The default stands for "nothing rendered" (pages show the text escaped): only a version inserted by hand has it.
    await q.query(
      `ALTER TABLE assessment_versions ADD COLUMN rendered jsonb NOT NULL DEFAULT $$${JSON.stringify(NOTHING_RENDERED)}$$::jsonb`,
    );
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const versions = (await q.query(
        `SELECT id, sections FROM assessment_versions WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as {
        id: string;
        sections: { kind: string; body?: string; key?: string; prompt?: string }[];
      }[];
      if (versions.length === 0) break;
      for (const version of versions) {
        await q.query(`UPDATE assessment_versions SET rendered = $1 WHERE id = $2`, [
          JSON.stringify(renderSections(version.sections).rendered),
          version.id,
        ]);
      }
      after = versions[versions.length - 1].id;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessment_versions DROP COLUMN rendered`);
  }
}
