/**
 * The changes one state transition of an entity makes, as its own methods decide them: written with
 * guardedUpdate(manager, Entity, id, from, changes), and `event` recorded with it.
 */
export interface Transition<T extends { status: string }> {
  /** The statuses the change applies from: the guard of the UPDATE. */
  from: readonly T['status'][];
  changes: Partial<T>;
  event: string;
}
