import { type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/**
 * One guarded state transition (a Transition's `from` and `changes`, see transition.ts):
 * `UPDATE ... SET changes WHERE id = $id AND status IN ($from)`.
 * Returns the updated row (read back in the same transaction), or null when another writer got there
 * first and the status no longer matches. @VersionColumn does not guard writes; this does.
 */
export async function guardedUpdate<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  fromStatuses: readonly string[],
  changes: QueryDeepPartialEntity<T>,
): Promise<T | null> {
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set(changes)
    .where('id = :id AND status IN (:...fromStatuses)', { id, fromStatuses })
    .execute();
  if (!result.affected) return null;
  return manager.findOneBy(target, { id } as FindOptionsWhere<T>);
}
