import { type TestRunState } from './global-setup.js';

/** Undoes the global setup (see its `finish`): Jest runs both in one process, sharing globalThis. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as typeof globalThis & { candorTestRun?: TestRunState }).candorTestRun?.finish();
}
