import { type DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';

type Task = () => Promise<void>;

const pending = new WeakMap<QueryRunner, Task[]>();

/**
 * Runs `task` once the transaction `manager` belongs to has committed, and never if it rolls back: how a row
 * written in a caller's transaction (an outbound delivery) gets its job queued without the caller knowing about
 * it, and without a job that could run before the row is visible. Outside a transaction it runs at once.
 * The task must not throw (enqueueing is best effort: the sweep catches what is lost).
 */
export async function afterCommit(manager: EntityManager, task: Task): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    await task();
    return;
  }
  const tasks = pending.get(runner);
  if (tasks) tasks.push(task);
  else pending.set(runner, [task]);
}

/** Flushes the tasks at the outermost commit (a released savepoint is not a commit). */
class AfterCommitSubscriber implements EntitySubscriberInterface {
  async afterTransactionCommit(event: { queryRunner: QueryRunner }): Promise<void> {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return;
    const tasks = pending.get(runner);
    if (!tasks) return;
    pending.delete(runner);
    for (const task of tasks) await task();
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    if (!event.queryRunner.isTransactionActive) pending.delete(event.queryRunner);
  }
}

/** Installs the hook on a data source; idempotent. */
export function installAfterCommit(dataSource: DataSource): void {
  if (dataSource.subscribers.some((s) => s instanceof AfterCommitSubscriber)) return;
  dataSource.subscribers.push(new AfterCommitSubscriber());
}
