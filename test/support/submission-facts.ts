import { type DataSource } from 'typeorm';

/**
 * Rows where the submission_facts rollup and a recomputation from the source tables (the
 * submission_facts_source view) disagree, labelled with the side they come from; [] when the triggers kept up.
 */
export function submissionFactsDrift(dataSource: DataSource): Promise<Record<string, unknown>[]> {
  return dataSource.query(`
    SELECT 'rollup' AS side, * FROM (TABLE submission_facts EXCEPT TABLE submission_facts_source) stale
    UNION ALL
    SELECT 'source' AS side, * FROM (TABLE submission_facts_source EXCEPT TABLE submission_facts) missing`);
}
