import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { guardedUpdate } from '../common/database/guarded-update.js';
import { type Transition } from '../common/database/transition.js';
import { EventsService, staffActor } from '../events/events.service.js';
import { AppConfig } from '../config/app-config.js';
import { feedbackWindowWarnings } from './feedback-window.js';
import { Assessment, AssessmentVersion, type RubricCriterion, type Section } from './assessment.entity.js';
import {
  type AssessmentVersionSummary,
  type AssessmentView,
  type AssessmentWarning,
  toAssessmentView,
  toVersionSummary,
} from './assessment.view.js';
import {
  AssessmentMarkdownRefusedError,
  AssessmentNotFoundError,
  AssessmentNotPublishedError,
  AssessmentStateError,
} from './assessment.errors.js';
import { type CreateAssessmentDto, type RubricCriterionDto, type SectionDto } from './dto/create-assessment.dto.js';
import { type UpdateAssessmentDto } from './dto/update-assessment.dto.js';
import { type RenderedContent, renderSections } from './rendered-content.js';

const DEFAULT_START_WINDOW_DAYS = 7;
const DEFAULT_FEEDBACK_DUE_HOURS = 120;
const DEFAULT_MIN_ANCHORED_COMMENTS = 1;

/** What an invitation is issued against: the latest published version and the assessment's start window. */
export interface PublishedAssessment {
  assessmentId: string;
  version: AssessmentVersion;
  startWindowDays: number;
}

/** Published versions kept in memory (each a few kilobytes to a few hundred, with its rendered HTML). */
const VERSION_CACHE_SIZE = 500;

@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Assessment) private readonly assessments: Repository<Assessment>,
    @InjectRepository(AssessmentVersion) private readonly versions: Repository<AssessmentVersion>,
    private readonly events: EventsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  private readonly versionCache = new Map<string, AssessmentVersion>();

  /** Warnings depend only on the window's hours (the working week is fixed per process): computed once each. */
  private readonly windowWarnings = new Map<number, AssessmentWarning[]>();

  private view(a: Assessment): AssessmentView {
    let warnings = this.windowWarnings.get(a.feedbackDueHours);
    if (!warnings) {
      warnings = feedbackWindowWarnings(this.config.reviews.workingWeek, a.feedbackDueHours);
      this.windowWarnings.set(a.feedbackDueHours, warnings);
    }
    return toAssessmentView(a, warnings);
  }

  async create(actor: StaffActor, dto: CreateAssessmentDto): Promise<AssessmentView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const assessment = await manager.save(
        manager.create(Assessment, {
          title: dto.title.trim(),
          roleTitle: dto.roleTitle.trim(),
          team: dto.team?.trim() || null,
          timeLimitMinutes: dto.timeLimitMinutes,
          startWindowDays: dto.startWindowDays ?? DEFAULT_START_WINDOW_DAYS,
          feedbackDueHours: dto.feedbackDueHours ?? DEFAULT_FEEDBACK_DUE_HOURS,
          minAnchoredComments: dto.minAnchoredComments ?? DEFAULT_MIN_ANCHORED_COMMENTS,
          sections: dto.sections.map(toSection),
          rubric: dto.rubric.map(toCriterion),
          status: 'draft',
          version: 0,
          createdBy: actor.id,
          createdAt: now,
          updatedAt: now,
          publishedAt: null,
        }),
      );
      await this.record(manager, actor, assessment.id, 'assessment.created', now);
      return this.view(assessment);
    });
  }

  async list(): Promise<AssessmentView[]> {
    const rows = await this.assessments.find({ order: { createdAt: 'DESC' } });
    return rows.map((a) => this.view(a));
  }

  async get(id: string): Promise<AssessmentView> {
    return this.view(await this.load(this.assessments.manager, id));
  }

  /** Every published version of the assessment, newest first. */
  async versionsOf(id: string): Promise<AssessmentVersionSummary[]> {
    await this.load(this.assessments.manager, id);
    const rows = await this.versions.find({ where: { assessmentId: id }, order: { version: 'DESC' } });
    return rows.map(toVersionSummary);
  }

  async update(actor: StaffActor, id: string, dto: UpdateAssessmentDto): Promise<AssessmentView> {
    return this.transition(actor, id, (a, now) => {
      const t = a.edit(now);
      return {
        ...t,
        changes: {
          ...t.changes,
          ...(dto.title !== undefined && { title: dto.title.trim() }),
          ...(dto.roleTitle !== undefined && { roleTitle: dto.roleTitle.trim() }),
          ...(dto.team !== undefined && { team: dto.team.trim() || null }),
          ...(dto.timeLimitMinutes !== undefined && { timeLimitMinutes: dto.timeLimitMinutes }),
          ...(dto.startWindowDays !== undefined && { startWindowDays: dto.startWindowDays }),
          ...(dto.feedbackDueHours !== undefined && { feedbackDueHours: dto.feedbackDueHours }),
          ...(dto.minAnchoredComments !== undefined && { minAnchoredComments: dto.minAnchoredComments }),
          ...(dto.sections !== undefined && { sections: dto.sections.map(toSection) }),
          ...(dto.rubric !== undefined && { rubric: dto.rubric.map(toCriterion) }),
        },
      };
    });
  }

  /**
   * Freezes the current content as version N+1 in the same transaction as the status change, with its
   * Markdown rendered once (pages read that HTML). Content the Markdown bound refuses is not published.
   */
  async publish(actor: StaffActor, id: string): Promise<AssessmentView> {
    return this.transition(
      actor,
      id,
      (a, now) => a.publish(now),
      async (manager, published) => {
        const { rendered, refusals } = renderSections(published.sections);
        if (refusals.length > 0) throw new AssessmentMarkdownRefusedError(refusals);
        await manager.insert(AssessmentVersion, {
          assessmentId: published.id,
          version: published.version,
          title: published.title,
          roleTitle: published.roleTitle,
          team: published.team,
          timeLimitMinutes: published.timeLimitMinutes,
          feedbackDueHours: published.feedbackDueHours,
          minAnchoredComments: published.minAnchoredComments,
          sections: published.sections,
          rubric: published.rubric,
          publishedAt: published.publishedAt!,
          rendered,
        });
      },
    );
  }

  async revise(actor: StaffActor, id: string): Promise<AssessmentView> {
    return this.transition(actor, id, (a, now) => a.revise(now));
  }

  /** For invitations: the version a new invitation is issued against (409 while none is published). */
  async findLatestPublished(manager: EntityManager, assessmentId: string): Promise<PublishedAssessment> {
    const assessment = await this.load(manager, assessmentId);
    if (assessment.version === 0) throw new AssessmentNotPublishedError();
    const version = await manager.findOneByOrFail(AssessmentVersion, { assessmentId, version: assessment.version });
    return { assessmentId, version, startWindowDays: assessment.startWindowDays };
  }

  /**
   * For attempts, reviews and integrations: the frozen content an invitation was issued against. A published
   * version never changes, so it is kept in memory once read (every autosave checks its question against it).
   */
  async findVersion(versionId: string, manager: EntityManager = this.versions.manager): Promise<AssessmentVersion> {
    const cached = this.versionCache.get(versionId);
    if (cached) {
      // Least recently used last out: a hit moves to the end of the Map's order.
      this.versionCache.delete(versionId);
      this.versionCache.set(versionId, cached);
      return cached;
    }
    const version = await manager.findOneByOrFail(AssessmentVersion, { id: versionId });
    this.versionCache.set(versionId, version);
    if (this.versionCache.size > VERSION_CACHE_SIZE) this.versionCache.delete(this.versionCache.keys().next().value!);
    return version;
  }

  /** For pages: a version's readings and prompts as the HTML rendered when it was published. */
  async findRendered(versionId: string): Promise<RenderedContent> {
    const version = await this.versions.findOneOrFail({
      where: { id: versionId },
      select: { id: true, rendered: true },
    });
    return version.rendered;
  }

  private async transition(
    actor: StaffActor,
    id: string,
    decide: (a: Assessment, now: Date) => Transition<Assessment>,
    alsoDo?: (manager: EntityManager, updated: Assessment) => Promise<void>,
  ): Promise<AssessmentView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, id);
      const t = decide(current, now);
      const updated = await guardedUpdate(manager, Assessment, id, t.from, t.changes);
      if (!updated) throw new AssessmentStateError('changing concurrently', 'change');
      await alsoDo?.(manager, updated);
      await this.record(manager, actor, id, t.event, now, { version: updated.version });
      return this.view(updated);
    });
  }

  private async load(manager: EntityManager, id: string): Promise<Assessment> {
    const assessment = await manager.findOneBy(Assessment, { id });
    if (!assessment) throw new AssessmentNotFoundError();
    return assessment;
  }

  private record(
    manager: EntityManager,
    actor: StaffActor,
    id: string,
    type: string,
    now: Date,
    data?: { version: number },
  ) {
    return this.events.record(manager, {
      aggregateType: 'assessment',
      aggregateId: id,
      type,
      actor: staffActor(actor),
      occurredAt: now,
      data,
    });
  }
}

/** Stores only the fields of the section's own kind. */
function toSection(s: SectionDto): Section {
  if (s.kind === 'reading') return { kind: 'reading', title: s.title!.trim(), body: s.body! };
  return {
    kind: 'question',
    key: s.key!,
    prompt: s.prompt!,
    type: s.type!,
    ...(s.type === 'choice' && { options: s.options! }),
    required: s.required ?? true,
    ...(s.type === 'code' && s.language !== undefined && { language: s.language }),
    ...(s.expectedMinutes !== undefined && { expectedMinutes: s.expectedMinutes }),
  };
}

function toCriterion(c: RubricCriterionDto): RubricCriterion {
  return {
    key: c.key,
    title: c.title.trim(),
    ...(c.description && { description: c.description }),
    maxScore: c.maxScore,
  };
}
