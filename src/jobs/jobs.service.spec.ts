import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { type Queue, type Worker } from 'bullmq';
import { SystemClock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { validateEnvironment } from '../config/env.validation.js';
import { JOB_NAMES, type JobName } from './job-names.js';
import { type QueueBackend } from './queue-backend.js';

// No queue server in unit tests: the backend hands out stand-ins, and records whether a worker was started.
const worker = { on: () => undefined, close: () => Promise.resolve() } as unknown as Worker;
const createWorker = jest.fn<QueueBackend['createWorker']>(() => worker);
const queue = {
  on: () => undefined,
  getJobCounts: () => Promise.resolve({}),
  getJobScheduler: () => Promise.resolve(undefined),
  upsertJobScheduler: () => Promise.resolve(undefined),
  close: () => Promise.resolve(),
} as unknown as Queue;
jest.unstable_mockModule('./queue-backend.js', () => ({
  createQueueBackend: (): QueueBackend => ({ kind: 'postgres', createQueue: () => queue, createWorker }),
}));
const { JobsService } = await import('./jobs.service.js');

function jobsService(role: 'all' | 'api' | 'worker', handled: readonly JobName[]): InstanceType<typeof JobsService> {
  const config = new AppConfig(validateEnvironment({ ROLE: role, JWT_SECRET: 'x'.repeat(32) }));
  const jobs = new JobsService(config, new SystemClock());
  jobs.onModuleInit();
  for (const name of handled) jobs.handle(name, () => Promise.resolve());
  return jobs;
}

describe('JobsService start-up', () => {
  // sweep.run is JobsService's own (its onModuleInit); features handle the rest.
  const featureJobs = JOB_NAMES.filter((name) => name !== 'sweep.run');
  afterEach(() => createWorker.mockClear());

  it.each(['all', 'worker'] as const)(
    'should refuse to start the worker when a declared job has no handler (role %s)',
    async (role) => {
      const unhandled = new Set<JobName>(['outbox.deliver', 'feedback.notice']);
      const jobs = jobsService(
        role,
        featureJobs.filter((name) => !unhandled.has(name)),
      );
      const failure = /no handler registered for job outbox\.deliver, feedback\.notice:/;
      await expect(jobs.onApplicationBootstrap()).rejects.toThrow(failure);
      expect(createWorker).not.toHaveBeenCalled();
    },
  );

  it('should start the worker when every declared job has a handler', async () => {
    const jobs = jobsService('worker', featureJobs);
    await jobs.onApplicationBootstrap();
    expect(createWorker).toHaveBeenCalledTimes(1);
    await jobs.beforeApplicationShutdown();
  });

  it('should start without handlers when the role is api, which runs no job', async () => {
    await jobsService('api', []).onApplicationBootstrap();
    expect(createWorker).not.toHaveBeenCalled();
  });
});

describe('JobsService shutdown', () => {
  const featureJobs = JOB_NAMES.filter((name) => name !== 'sweep.run');

  it('should drop the worker connection when its jobs do not finish within the bound', async () => {
    const stuck = jest.fn<Worker['close']>(() => new Promise<void>(() => undefined));
    const disconnect = jest.fn<Worker['disconnect']>(() => Promise.resolve());
    createWorker.mockImplementationOnce(() => ({ on: () => undefined, close: stuck, disconnect }) as unknown as Worker);
    const jobs = jobsService('worker', featureJobs);
    await jobs.onApplicationBootstrap();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.useFakeTimers();
    try {
      const shutdown = jobs.beforeApplicationShutdown();
      await jest.advanceTimersByTimeAsync(19_000);
      expect(disconnect).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(1_000);
      await shutdown;
      expect(disconnect).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/did not finish its jobs within 20 s/));
    } finally {
      jest.useRealTimers();
      warn.mockRestore();
    }
  });
});
