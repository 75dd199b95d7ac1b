import { readdirSync } from 'node:fs';
import { AppConfig } from '../src/config/app-config.js';
import { OutboxService } from '../src/mail/outbox.service.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { queueBackends } from './support/test-services.js';

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(queueBackends())('api and worker roles sharing one database (%s queue)', (queue) => {
  let api: TestApp;
  let worker: TestApp | undefined;

  beforeAll(async () => {
    api = await createTestApp({ queue, env: { ROLE: 'api' } });
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  it('should leave jobs waiting when only the api role runs, and run them once a worker joins', async () => {
    const outbox = api.app.get(OutboxService);
    const id = await api.dataSource.transaction((m) =>
      outbox.enqueue(m, { dedupeKey: `roles-${queue}`, to: 'someone@example.com', subject: 'Hello', text: 'Body' }),
    );
    await outbox.deliverSoon([id]);
    await new Promise((r) => setTimeout(r, 500));
    const pending = await api.dataSource.query('SELECT status FROM outbox_messages WHERE id = $1', [id]);
    expect(pending).toEqual([{ status: 'pending' }]);

    worker = await createTestApp({
      queue,
      databaseUrl: api.databaseUrl,
      env: { ROLE: 'worker', QUEUE_PREFIX: api.queuePrefix },
    });
    const rows = await waitFor(async () => {
      const r = await api.dataSource.query<{ status: string }[]>(
        'SELECT status, attempts FROM outbox_messages WHERE id = $1',
        [id],
      );
      return r[0]?.status === 'sent' ? r : undefined;
    });
    expect(rows).toEqual([{ status: 'sent', attempts: 1 }]);
    const mailDir = worker.app.get(AppConfig).mail.outboxDir;
    expect(readdirSync(mailDir)).toEqual([`${id}.eml`]);
  });
});
