import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { AppConfig } from '../config/app-config.js';
import { ensureDatabase } from '../config/embedded-database.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { UsersService } from '../users/users.service.js';
import { DEMO_ASSESSMENT } from './demo-content.js';

/**
 * `npm run demo`: a sample company assessment, a recruiter and a reviewer, one invited candidate, printed.
 * Works on the embedded database or DATABASE_URL / REDIS_URL, like the service. Each run adds new accounts
 * (fresh emails) so the printed passwords always work.
 */
async function main(): Promise<void> {
  const out = (line = ''): boolean => process.stdout.write(`${line}\n`);
  const stopDatabase = await ensureDatabase(out);
  const app = await NestFactory.createApplicationContext(AppModule.register(), { logger: ['error', 'warn'] });
  try {
    const users = app.get(UsersService);
    const run = randomBytes(3).toString('hex');
    const password = (): string => randomBytes(9).toString('base64url');
    const recruiterLogin = { email: `recruiter.${run}@tidewater.example`, password: password() };
    const reviewerLogin = { email: `reviewer.${run}@tidewater.example`, password: password() };
    const recruiter = await users.create({ ...recruiterLogin, name: 'Rosa Recruiter', role: 'recruiter' });
    await users.create({ ...reviewerLogin, name: 'Ravi Reviewer', role: 'reviewer' });

    const actor = { id: recruiter.id, role: recruiter.role };
    const assessments = app.get(AssessmentsService);
    const draft = await assessments.create(actor, DEMO_ASSESSMENT);
    const published = await assessments.publish(actor, draft.id);
    const invitation = await app.get(InvitationsService).invite(actor, published.id, {
      candidateName: 'Casey Candidate',
      candidateEmail: `casey.${run}@example.com`,
    });

    const mailed = await waitForMail(app.get<DataSource>(getDataSourceToken()), `invitation:${invitation.id}`);
    const base = app.get(AppConfig).http.publicBaseUrl;
    out();
    out('Candor demo ready');
    out(`  assessment   ${published.title} (v${published.version}, ${published.timeLimitMinutes} min)`);
    out(
      `  candidate    ${invitation.candidateName} <${invitation.candidateEmail}>, start by ${invitation.startBy.toISOString()}`,
    );
    out(`  link         ${invitation.link}`);
    out(`  recruiter    ${recruiterLogin.email} / ${recruiterLogin.password}   (${base}/dashboard)`);
    out(`  reviewer     ${reviewerLogin.email} / ${reviewerLogin.password}   (${base}/review)`);
    out('  admin        ADMIN_EMAIL / ADMIN_PASSWORD, or the generated one printed on the first start');
    out();
    out('Start the service (`npm start`), then open the link, or try the API as the candidate:');
    out(`  curl -H 'Authorization: Bearer ${invitation.token}' ${base}/api/v1/candidate/attempt`);
    out(
      mailed
        ? 'The invitation email was sent (over SMTP_URL, or written as an .eml file to DATA_DIR/mail).'
        : 'The invitation email is still in the outbox; the running service will send it.',
    );
    out();
  } finally {
    await app.close();
    await stopDatabase();
  }
}

/** The worker in this process delivers the invitation email; give it a few seconds before shutting down. */
async function waitForMail(dataSource: DataSource, dedupeKey: string): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const rows = await dataSource.query<{ status: string }[]>(
      `SELECT status FROM outbox_messages WHERE dedupe_key = $1`,
      [dedupeKey],
    );
    if (rows[0]?.status === 'sent') return true;
    await sleep(200);
  }
  return false;
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
