import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  type Assessment,
  type AssessmentVersion,
  ASSESSMENT_STATUSES,
  CODE_LANGUAGES,
  type CodeLanguage,
  type AssessmentStatus,
  QUESTION_TYPES,
  type QuestionType,
} from './assessment.entity.js';

// The assessment's vocabulary, for other features' API descriptions (they may not import the entity's module).
export { CODE_LANGUAGES, type CodeLanguage, QUESTION_TYPES, type QuestionType };

/** How each code language is named to people: the editor's list, the candidate's answer label. */
export const CODE_LANGUAGE_NAMES: Record<CodeLanguage, string> = {
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  python: 'Python',
  java: 'Java',
  kotlin: 'Kotlin',
  go: 'Go',
  rust: 'Rust',
  csharp: 'C#',
  cpp: 'C++',
  ruby: 'Ruby',
  php: 'PHP',
  sql: 'SQL',
  shell: 'Shell',
};

/*
 * The OpenAPI document is built by the swagger CLI plugin, which under ts-jest sees one file at a time: arrays,
 * imported types and unions get an explicit @ApiProperty below, so the tests check the document the build serves.
 */

/** Something to read before the questions (Markdown). */
export class AssessmentReadingSection {
  kind!: 'reading';
  title!: string;
  /** Markdown. */
  body!: string;
}

/** A question to answer (prompt in Markdown). */
export class AssessmentQuestionSection {
  kind!: 'question';
  /** Unique among the assessment's questions: answers are saved under it. */
  key!: string;
  /** Markdown. */
  prompt!: string;
  @ApiProperty({ enum: QUESTION_TYPES })
  type!: QuestionType;
  /** The choices of a `choice` question (only there). */
  @ApiProperty({ type: [String], required: false })
  options?: string[];
  /** Whether the candidate must answer it to submit (default true). */
  required!: boolean;
  /** The language a `code` question asks for (only there, when given). */
  @ApiProperty({ enum: CODE_LANGUAGES, required: false })
  language?: CodeLanguage;
  /** Minutes a good answer is expected to take, when the recruiter gave an estimate. */
  expectedMinutes?: number;
}

/** One criterion every submission is scored on, from 1 to `maxScore`. */
export class AssessmentRubricCriterion {
  /** Unique in the rubric: feedback scores are keyed by it. */
  key!: string;
  title!: string;
  description?: string;
  maxScore!: number;
}

/** Advice about an assessment's settings: saved as given, shown beside the field. */
export class AssessmentWarning {
  /** The setting the advice is about: `feedbackDueHours`. */
  field!: string;
  message!: string;
}

/** An assessment as recruiters edit it: the draft being written, or the latest published content. */
@ApiExtraModels(AssessmentReadingSection, AssessmentQuestionSection)
export class AssessmentView {
  id!: string;
  /** `draft` (editable) or `published` (frozen until revised). */
  @ApiProperty({ enum: ASSESSMENT_STATUSES })
  status!: AssessmentStatus;
  title!: string;
  roleTitle!: string;
  team!: string | null;
  timeLimitMinutes!: number;
  /** Days an invited candidate has to start. */
  startWindowDays!: number;
  /** Hours from a submission to its feedback being due. */
  feedbackDueHours!: number;
  /** Comments on passages of the candidate's answers that every feedback must have (0 to 20). */
  minAnchoredComments!: number;
  @ApiProperty({
    type: 'array',
    description: 'Readings and questions, in the order the candidate meets them (discriminated by `kind`).',
    items: {
      oneOf: [{ $ref: getSchemaPath(AssessmentReadingSection) }, { $ref: getSchemaPath(AssessmentQuestionSection) }],
      discriminator: {
        propertyName: 'kind',
        mapping: {
          reading: getSchemaPath(AssessmentReadingSection),
          question: getSchemaPath(AssessmentQuestionSection),
        },
      },
    },
  })
  sections!: (AssessmentReadingSection | AssessmentQuestionSection)[];
  @ApiProperty({ type: [AssessmentRubricCriterion] })
  rubric!: AssessmentRubricCriterion[];
  /** The number of the latest published version; 0 until the first publish. */
  version!: number;
  /** The id of the staff member who created it. */
  createdBy!: string;
  createdAt!: Date;
  updatedAt!: Date;
  /** When the latest version was published; null until the first publish. */
  publishedAt!: Date | null;
  /** Advice about the settings (saved as given): a feedback window the team's working week cannot keep. */
  @ApiProperty({ type: [AssessmentWarning] })
  warnings!: AssessmentWarning[];
}

export const toAssessmentView = (a: Assessment, warnings: AssessmentWarning[]): AssessmentView => ({
  id: a.id,
  status: a.status,
  title: a.title,
  roleTitle: a.roleTitle,
  team: a.team,
  timeLimitMinutes: a.timeLimitMinutes,
  startWindowDays: a.startWindowDays,
  feedbackDueHours: a.feedbackDueHours,
  minAnchoredComments: a.minAnchoredComments,
  sections: a.sections,
  rubric: a.rubric,
  version: a.version,
  createdBy: a.createdBy,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  publishedAt: a.publishedAt,
  warnings,
});

/** One published version of an assessment: what invitations issued while it was the latest were issued against. */
export class AssessmentVersionSummary {
  version!: number;
  publishedAt!: Date;
  title!: string;
  timeLimitMinutes!: number;
}

export const toVersionSummary = (v: AssessmentVersion): AssessmentVersionSummary => ({
  version: v.version,
  publishedAt: v.publishedAt,
  title: v.title,
  timeLimitMinutes: v.timeLimitMinutes,
});

/** Markdown as the candidate's page shows it. */
export class MarkdownPreviewView {
  /** Sanitised HTML, rendered by the same code as a published version's readings and prompts. */
  html!: string;
}
