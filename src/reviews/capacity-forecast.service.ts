import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { Clock } from '../common/clock/clock.js';
import { DAY_MS, HOUR_MS } from '../common/clock/durations.js';
import { WEEKDAY_NAMES } from '../common/clock/working-week.js';
import { AppConfig } from '../config/app-config.js';
import { SYSTEM_ACTOR } from '../events/events.service.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { OutboxService } from '../mail/outbox.service.js';
import { UsersService } from '../users/users.service.js';
import { forecastQueue, type ForecastItem, teamPace, workingDaysBetween } from './capacity-forecast.js';
import { type AtRiskSubmission, type CapacityForecastView } from './capacity-forecast.view.js';
import { atRiskMail, type AtRiskLine } from './review-mails.js';
import { ReviewsRepository } from './reviews.repository.js';

/**
 * Below this much history (working days of queue), or before the team's first completed review (a new install),
 * a pace says nothing: no forecast. A team that has reviewed before and completed nothing lately has a pace of 0.
 */
const MIN_PACE_WORKING_DAYS = 1;

/**
 * Reads the capacity forecast (capacity-forecast.ts) off the service's own state, and warns: once per submission,
 * the first time it is forecast to miss its feedback date, admins and the active reviewers get one mail listing
 * every submission newly at risk, while there is still time to act (a day or more before, where the queue
 * allows). Recorded as an `at_risk` feedback notice, whose primary key makes the warning once-only across
 * workers and retries. With FEEDBACK_REMINDERS=off (the baseline) nothing is mailed.
 */
@Injectable()
export class CapacityForecastService {
  private readonly logger = new Logger(CapacityForecastService.name);
  private lastWarnedAt: number | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ReviewsRepository,
    private readonly invitations: InvitationsService,
    private readonly assessments: AssessmentsService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async forecast(now: Date = this.clock.now()): Promise<CapacityForecastView> {
    const { workingWeek: week, paceDays, queueOrder } = this.config.reviews;
    const workload = await this.invitations.reviewWorkload();
    const paceFrom = new Date(
      Math.max(now.getTime() - paceDays * DAY_MS, workload.firstSubmittedAt?.getTime() ?? now.getTime()),
    );
    const paceWorkingDays = workingDaysBetween(week, paceFrom, now);
    const reviewers = await this.users.findByRole('reviewer');
    const completed = await this.repo.completedSince(paceFrom);
    const completedByReviewer = new Map(reviewers.map((r) => [r.id, completed.get(r.id) ?? 0]));
    const pace =
      paceWorkingDays >= MIN_PACE_WORKING_DAYS && (completed.size > 0 || (await this.repo.anyCompleted()))
        ? teamPace({ completedByReviewer, windowWorkingDays: paceWorkingDays })
        : null;

    const items: (ForecastItem & { versionId: string; status: AtRiskSubmission['status'] })[] = [
      ...workload.pending.map((p) => ({
        id: p.id,
        versionId: p.assessmentVersionId,
        status: p.status,
        availableAt: p.submittedAt,
        submittedAt: p.submittedAt,
        dueAt: p.feedbackDueAt,
      })),
      ...workload.writing.map((w) => ({
        id: w.id,
        versionId: w.assessmentVersionId,
        status: 'started' as const,
        availableAt: w.deadline,
        submittedAt: w.deadline,
        dueAt: new Date(w.deadline.getTime() + w.feedbackDueHours * HOUR_MS),
      })),
    ];
    const entries = pace === null ? [] : forecastQueue(now, week, items, pace, queueOrder);
    const byId = new Map(items.map((i) => [i.id, i]));
    const titles = new Map<string, string>();
    const atRisk: AtRiskSubmission[] = [];
    for (const entry of entries.filter((e) => e.atRisk)) {
      const item = byId.get(entry.id)!;
      if (!titles.has(item.versionId))
        titles.set(item.versionId, (await this.assessments.findVersion(item.versionId)).title);
      atRisk.push({
        invitationId: entry.id,
        assessmentTitle: titles.get(item.versionId)!,
        status: item.status,
        feedbackDueAt: entry.dueAt,
        expectedAt: entry.expectedAt,
      });
    }
    const pad = (h: number): string => String(h).padStart(2, '0');
    return {
      generatedAt: now,
      workingWeek: {
        days: [...week.days].sort().map((d) => WEEKDAY_NAMES[d]),
        hours: `${pad(week.fromHour)}-${pad(week.toHour)} UTC`,
      },
      paceWorkingDays: Math.round(paceWorkingDays * 10) / 10,
      reviewsPerWorkingDay: pace === null ? null : Math.round(pace * 100) / 100,
      reviewers: reviewers.map((r) => ({ id: r.id, name: r.name, completed: completedByReviewer.get(r.id)! })),
      pending: workload.pending.length,
      writing: workload.writing.length,
      clearsAt: entries.length > 0 && pace !== null && pace > 0 ? entries[entries.length - 1].expectedAt : null,
      atRisk,
    };
  }

  /** The sweep's part: at most once per CAPACITY_FORECAST_MINUTES of the clock in this process (0: never). */
  async sweep(now: Date): Promise<void> {
    if (!this.config.reviews.reminders || this.config.reviews.forecastEveryMs === 0) return;
    if (this.lastWarnedAt !== null && now.getTime() - this.lastWarnedAt < this.config.reviews.forecastEveryMs) return;
    this.lastWarnedAt = now.getTime();
    await this.warn(now);
  }

  /** One mail to admins and active reviewers about the submissions newly forecast to be late; none when none. */
  async warn(now: Date): Promise<void> {
    const view = await this.forecast(now);
    // Past its date a submission has had its breach notice; the warning is for those still savable.
    const savable = view.atRisk.filter((a) => a.feedbackDueAt > now);
    if (savable.length === 0) return;
    const noticed = await this.repo.noticed(
      'at_risk',
      savable.map((a) => a.invitationId),
    );
    const fresh = savable.filter((a) => !noticed.has(a.invitationId));
    if (fresh.length === 0) return;
    const messageIds = await this.dataSource.transaction(async (m) => {
      const recorded: AtRiskSubmission[] = [];
      for (const a of fresh) {
        if (!(await this.repo.insertNotice(m, a.invitationId, 'at_risk', now, null))) continue;
        recorded.push(a);
        await this.invitations.recordEvent(m, a.invitationId, 'feedback.at_risk', SYSTEM_ACTOR, now, {
          feedbackDueAt: a.feedbackDueAt.toISOString(),
          expectedAt: a.expectedAt.toISOString(),
        });
      }
      if (recorded.length === 0) return [];
      const lines: AtRiskLine[] = recorded.map((a) => ({
        title: a.assessmentTitle,
        feedbackDueAt: a.feedbackDueAt,
        expectedAt: a.expectedAt,
        stillWriting: a.status === 'started',
      }));
      const mail = atRiskMail(lines, view.reviewsPerWorkingDay ?? 0, view.pending + view.writing, {
        review: `${this.config.http.publicBaseUrl}/review`,
        dashboard: `${this.config.http.publicBaseUrl}/dashboard`,
      });
      const recipients = [...(await this.users.findByRole('admin')), ...(await this.users.findByRole('reviewer'))];
      const key = `at-risk:${now.getTime()}:${recorded[0].invitationId}`;
      const ids: (string | null)[] = [];
      for (const user of recipients)
        ids.push(await this.outbox.enqueue(m, { dedupeKey: `${key}:${user.id}`, to: user.email, ...mail }));
      this.logger.log(`capacity forecast: ${recorded.length} submissions newly at risk; ${recipients.length} told`);
      return ids;
    });
    await this.outbox.deliverSoon(messageIds);
  }
}
