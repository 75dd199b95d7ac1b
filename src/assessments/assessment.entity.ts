import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type Transition } from '../common/database/transition.js';
import { AssessmentStateError, AssessmentWithoutQuestionsError } from './assessment.errors.js';
import { type RenderedContent } from './rendered-content.js';

export const ASSESSMENT_STATUSES = ['draft', 'published'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const QUESTION_TYPES = ['text', 'code', 'choice'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
/** The languages a code question may name, so the candidate and the reviewer know what is asked for. */
export const CODE_LANGUAGES = [
  'typescript',
  'javascript',
  'python',
  'java',
  'kotlin',
  'go',
  'rust',
  'csharp',
  'cpp',
  'ruby',
  'php',
  'sql',
  'shell',
] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];
/** The most minutes one question may be expected to take: the longest time limit. */
export const MAX_EXPECTED_MINUTES = 480;

export interface ReadingSection {
  kind: 'reading';
  title: string;
  body: string;
}

export interface QuestionSection {
  kind: 'question';
  key: string;
  prompt: string;
  type: QuestionType;
  options?: string[];
  required: boolean;
  /** The language a `code` question asks for (only there). */
  language?: CodeLanguage;
  /** The recruiter's estimate of the minutes a good answer takes: the editor adds them up against the limit. */
  expectedMinutes?: number;
}

export type Section = ReadingSection | QuestionSection;

export interface RubricCriterion {
  key: string;
  title: string;
  description?: string;
  maxScore: number;
}

/** The editable assessment; each publish freezes its content into a new AssessmentVersion. */
@Entity({ name: 'assessments' })
export class Assessment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') title: string;
  @Column('text') roleTitle: string;
  @Column('text', { nullable: true }) team: string | null;
  @Column('integer') timeLimitMinutes: number;
  @Column('integer') startWindowDays: number;
  @Column('integer') feedbackDueHours: number;
  /** Comments on passages of the candidate's answers that every feedback must have (0 to 20). */
  @Column('integer') minAnchoredComments: number;
  @Column('jsonb') sections: Section[];
  @Column('jsonb') rubric: RubricCriterion[];
  @Column('text') status: AssessmentStatus;
  /** The number of the latest published version; 0 until the first publish. */
  @Column('integer') version: number;
  @Column('uuid') createdBy: string;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;

  /** Only drafts change: a published assessment's content is what invited candidates see. */
  edit(now: Date): Transition<Assessment> {
    if (this.status !== 'draft') throw new AssessmentStateError(this.status, 'edit');
    return { from: ['draft'], changes: { updatedAt: now }, event: 'assessment.edited' };
  }

  publish(now: Date): Transition<Assessment> {
    if (this.status !== 'draft') throw new AssessmentStateError(this.status, 'publish');
    if (!this.sections.some((s) => s.kind === 'question')) throw new AssessmentWithoutQuestionsError();
    return {
      from: ['draft'],
      changes: { status: 'published', version: this.version + 1, publishedAt: now, updatedAt: now },
      event: 'assessment.published',
    };
  }

  /** Opens a new draft on top of the published content; earlier versions (and their invitations) stay. */
  revise(now: Date): Transition<Assessment> {
    if (this.status !== 'published') throw new AssessmentStateError(this.status, 'revise');
    return { from: ['published'], changes: { status: 'draft', updatedAt: now }, event: 'assessment.revised' };
  }
}

/** Frozen content of one published version: invitations point at exactly one, forever. */
@Entity({ name: 'assessment_versions' })
export class AssessmentVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') assessmentId: string;
  @Column('integer') version: number;
  @Column('text') title: string;
  @Column('text') roleTitle: string;
  @Column('text', { nullable: true }) team: string | null;
  @Column('integer') timeLimitMinutes: number;
  @Column('integer') feedbackDueHours: number;
  @Column('integer') minAnchoredComments: number;
  @Column('jsonb') sections: Section[];
  @Column('jsonb') rubric: RubricCriterion[];
  @Column('timestamptz') publishedAt: Date;
  /** The readings and prompts as HTML, rendered at publish; loaded only where a page asks for it. */
  @Column('jsonb', { select: false }) rendered: RenderedContent;

  get questions(): QuestionSection[] {
    return this.sections.filter((s): s is QuestionSection => s.kind === 'question');
  }

  get readings(): ReadingSection[] {
    return this.sections.filter((s): s is ReadingSection => s.kind === 'reading');
  }

  /** The most rubric points a submission can get: every criterion at its maxScore. */
  get maxPoints(): number {
    return this.rubric.reduce((sum, c) => sum + c.maxScore, 0);
  }
}
