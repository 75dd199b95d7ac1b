import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { type Job, type JobsOptions, type Queue, type Worker } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock/clock.js';
import { JOB_NAMES, type JobName, type JobPayloads, type PayloadlessJobName, QUEUE_NAME } from './job-names.js';
import { createQueueBackend, type QueueBackend } from './queue-backend.js';

type Handler<N extends JobName> = (payload: JobPayloads[N], job: Job) => Promise<void>;
type Sweep = (now: Date) => Promise<void>;

const WORKER_CONCURRENCY = 8;
const SWEEP_SCHEDULER_ID = 'sweep';
/**
 * How long shutdown waits for the worker's jobs. A worker whose Redis connection is down can wait forever; past
 * this bound its connection is dropped, and BullMQ hands its jobs to the next worker (they re-check their state).
 */
const WORKER_CLOSE_BOUND_MS = 20_000;

export interface EnqueueOptions {
  /** Deterministic id: a second add with the same id is a no-op while the first is kept. */
  jobId: string;
  /** When the job should run; omitted means now. Measured against the injected clock. */
  runAt?: Date;
  attempts?: number;
}

/** One job to enqueue, typed by its name. */
export type EnqueueRequest = { [N in JobName]: { name: N; payload: JobPayloads[N]; options: EnqueueOptions } }[JobName];

/**
 * The one queue Candor uses: features register handlers by job name and sweeps by name, and enqueue typed
 * jobs. In the worker role it also runs the BullMQ worker and the periodic sweep scheduler.
 */
@Injectable()
export class JobsService
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(JobsService.name);
  private readonly handlers = new Map<JobName, Handler<JobName>>();
  private readonly sweeps = new Map<string, Sweep>();
  private readonly schedules = new Map<PayloadlessJobName, number>();
  private readonly backend: QueueBackend;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private schedulerWatch: NodeJS.Timeout | undefined;
  private checkingSchedulers = false;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.backend = createQueueBackend(config);
    this.queue = this.backend.createQueue(QUEUE_NAME);
    this.queue.on('error', (err) => this.logger.warn(`queue connection: ${err.message}`));
  }

  get backendKind(): QueueBackend['kind'] {
    return this.backend.kind;
  }

  handle<N extends JobName>(name: N, handler: Handler<N>): void {
    this.handlers.set(name, handler as Handler<JobName>);
  }

  /** A sweep is the safety net for lost or late jobs: it must be idempotent and safe to run concurrently. */
  registerSweep(name: string, sweep: Sweep): void {
    this.sweeps.set(name, sweep);
  }

  /**
   * Runs a payload-less job every `everyMs` in the worker role: one BullMQ job scheduler per name, shared by
   * all instances, so the work happens once per interval however many workers run.
   */
  schedule(name: PayloadlessJobName, everyMs: number): void {
    this.schedules.set(name, everyMs);
  }

  async add<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    await this.queue.add(name, payload, this.jobOptions(options));
  }

  /** Several jobs in one round trip to the queue backend; like addSafely, a failure is logged, not thrown. */
  async addAllSafely(jobs: readonly EnqueueRequest[]): Promise<void> {
    if (jobs.length === 0) return;
    try {
      await this.queue.addBulk(jobs.map((j) => ({ name: j.name, data: j.payload, opts: this.jobOptions(j.options) })));
    } catch (err) {
      const ids = jobs.map((j) => j.options.jobId).join(', ');
      this.logger.warn(`could not enqueue ${ids}; the sweep will catch them: ${(err as Error).message}`);
    }
  }

  private jobOptions(options: EnqueueOptions): JobsOptions {
    const delay = options.runAt ? Math.max(0, options.runAt.getTime() - this.clock.now().getTime()) : 0;
    return {
      jobId: options.jobId,
      delay,
      attempts: options.attempts ?? 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  /**
   * Enqueue after a commit without failing the request: if the queue is unreachable the job is lost,
   * and the sweep picks the work up from the stored state.
   */
  async addSafely<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    try {
      await this.add(name, payload, options);
    } catch (err) {
      this.logger.warn(
        `could not enqueue ${name} (${options.jobId}); the sweep will catch it: ${(err as Error).message}`,
      );
    }
  }

  getJob(id: string): Promise<Job | undefined> {
    return this.queue.getJob(id);
  }

  async removeJob(id: string): Promise<void> {
    await this.queue.remove(id);
  }

  /** Runs every registered sweep once; also what the scheduler calls. */
  async runSweeps(): Promise<void> {
    const now = this.clock.now();
    for (const [name, sweep] of this.sweeps) {
      try {
        await sweep(now);
      } catch (err) {
        this.logger.error({ err }, `sweep ${name} failed`);
      }
    }
  }

  /** Resolves when the queue backend answers within the time limit. */
  async ping(timeoutMs = 1500): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const probe = this.queue.getJobCounts('waiting').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleInit(): void {
    this.handle('sweep.run', () => this.runSweeps());
  }

  /** Features register their handlers in onModuleInit; the worker starts only after all of them. */
  async onApplicationBootstrap(): Promise<void> {
    // A worker missing a handler would fail that job only when it runs: refuse to start instead. The api role runs
    // no job, so it needs no handler.
    if (this.config.runsWorker) this.assertEveryJobHandled();
    // Producers fail fast once running; at start-up give the connection a moment to become ready.
    if (!(await this.ping(5000)))
      this.logger.warn('queue backend not reachable at start-up; jobs will be retried by the sweep');
    if (!this.config.runsWorker) return;
    this.worker = this.backend.createWorker(QUEUE_NAME, (job: Job) => this.dispatch(job), WORKER_CONCURRENCY);
    this.worker.on('error', (err) => this.logger.warn(`worker connection: ${err.message}`));
    this.worker.on('failed', (job, err) =>
      this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`),
    );
    await this.installSchedulers(false);
    // The schedulers live in the queue's store: a wiped Redis (FLUSHALL, or a restart without persistence) loses
    // them, and with them the sweep that recovers every other lost job. Each worker checks every sweep interval
    // that they are there and puts back what is missing (also what could not be installed at start-up).
    this.schedulerWatch = setInterval(() => void this.installSchedulers(true), this.config.queue.sweepIntervalMs);
    this.schedulerWatch.unref();
  }

  private assertEveryJobHandled(): void {
    const missing = JOB_NAMES.filter((name) => !this.handlers.has(name));
    if (missing.length === 0) return;
    throw new Error(
      `no handler registered for job ${missing.join(', ')}: the worker would fail every such job. ` +
        `Register one with JobsService.handle in the owning feature's onModuleInit.`,
    );
  }

  private async installSchedulers(onlyMissing: boolean): Promise<void> {
    if (this.checkingSchedulers) return;
    this.checkingSchedulers = true;
    const schedulers: [string, PayloadlessJobName, number][] = [
      [SWEEP_SCHEDULER_ID, 'sweep.run', this.config.queue.sweepIntervalMs],
      ...[...this.schedules].map(([name, every]): [string, PayloadlessJobName, number] => [name, name, every]),
    ];
    try {
      for (const [id, name, every] of schedulers) {
        try {
          if (onlyMissing && (await this.queue.getJobScheduler(id))) continue;
          await this.queue.upsertJobScheduler(id, { every }, { name, data: {} });
          if (onlyMissing)
            this.logger.warn(
              `job scheduler ${id} was missing from the queue (wiped, or restarted empty); installed it again`,
            );
        } catch (err) {
          // Unreachable queue: the next check tries again.
          if (!onlyMissing) this.logger.warn(`${id} scheduler not installed yet: ${(err as Error).message}`);
        }
      }
    } finally {
      this.checkingSchedulers = false;
    }
  }

  private async dispatch(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    await handler(job.data as JobPayloads[JobName], job);
  }

  /**
   * Graceful shutdown, first step: the worker finishes the jobs it holds. This must happen before any module's
   * onApplicationShutdown, where TypeORM closes the database: a job cut off there (a mail accepted by the SMTP
   * server but not yet recorded as sent) would be done again after the restart.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.schedulerWatch);
    const worker = this.worker;
    if (!worker) return;
    let bound: NodeJS.Timeout | undefined;
    const timer = new Promise<true>((resolve) => (bound = setTimeout(() => resolve(true), WORKER_CLOSE_BOUND_MS)));
    const timedOut = await Promise.race([worker.close().then(() => false), timer]);
    clearTimeout(bound);
    if (timedOut) {
      this.logger.warn(
        `the worker did not finish its jobs within ${WORKER_CLOSE_BOUND_MS / 1000} s; dropping its connection`,
      );
      // A second close() would only return the first, still pending one: cutting the connection ends it.
      await worker.disconnect().catch(() => undefined);
    }
  }

  /** Last step: the producer connection, once the HTTP server (which enqueues) has stopped. */
  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
