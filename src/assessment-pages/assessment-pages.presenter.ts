import { Injectable } from '@nestjs/common';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import {
  type AssessmentQuestionSection,
  type AssessmentReadingSection,
  type AssessmentVersionSummary,
  type AssessmentView,
  CODE_LANGUAGE_NAMES,
  CODE_LANGUAGES,
} from '../assessments/assessment.view.js';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { promptHtml, readingHtml, renderSections } from '../assessments/rendered-content.js';
import { type CandidatePageModel } from '../candidate-web/candidate-page.presenter.js';
import { presentCandidatePreview } from '../candidate-web/candidate-preview.presenter.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { type AssessmentFigures } from '../metrics/turnaround-report.view.js';
import { staffNav, type StaffNavLink } from '../web-auth/staff-nav.js';
import { type LengthGuidance, lengthGuidance } from './assessment-length.js';
import { DAY_MS } from '../common/clock/durations.js';
import { scriptJson } from '../common/http/script-json.js';
import { utcDay, utcMinute } from '../common/clock/utc-text.js';

export const ASSESSMENT_LIST_TEMPLATE = 'assessment-pages/assessment-list.hbs';
export const ASSESSMENT_EDITOR_TEMPLATE = 'assessment-pages/assessment-editor.hbs';

/** The figures on these pages cover the attempts of this many days up to now. */
export const METRICS_WINDOW_DAYS = 90;

const REASON_TEXT: Record<AssessmentFigures['tooLongReasons'][number], string> = {
  auto_submitted_rate: 'more than 30 % of attempts ran out of time',
  median_time_used: 'the median attempt used more than 90 % of the time limit',
};

export interface MetricsSignal {
  tooLong: boolean;
  /** "Too long: more than 30 % of attempts ran out of time." */
  text: string;
}

export interface AssessmentListRow {
  id: string;
  href: string;
  title: string;
  roleTitle: string;
  team: string | null;
  status: string;
  published: boolean;
  version: string;
  invited: number;
  submitted: number;
  minutes: string;
  tooLong: boolean;
  tooLongText: string | null;
}

export interface AssessmentListPage {
  nav: StaffNavLink[];
  windowText: string;
  rows: AssessmentListRow[];
}

export interface ReadOnlySection {
  reading: boolean;
  number: number;
  title: string;
  html: string;
  type: string;
  required: boolean;
  options: string[];
  language: string | null;
  expectedMinutes: number | null;
}

export interface EditorPage {
  nav: StaffNavLink[];
  isNew: boolean;
  id: string | null;
  heading: string;
  draft: boolean;
  published: boolean;
  statusText: string;
  fields: {
    title: string;
    roleTitle: string;
    team: string;
    timeLimitMinutes: number | string;
    startWindowDays: number;
    feedbackDueHours: number;
    minAnchoredComments: number;
  };
  /** What the editor's script starts from (sections, rubric, languages), as JSON safe inside a <script>. */
  dataJson: string;
  length: LengthGuidance;
  signal: MetricsSignal | null;
  windowText: string;
  warnings: { field: string; message: string }[];
  sections: ReadOnlySection[];
  rubric: { key: string; title: string; description: string | null; maxScore: number }[];
  versions: { version: number; publishedAt: string; title: string; timeLimitMinutes: number }[];
}

export interface EditorData {
  id: string | null;
  status: 'new' | 'draft' | 'published';
  sections: (AssessmentReadingSection | AssessmentQuestionSection)[];
  rubric: { key: string; title: string; description?: string; maxScore: number }[];
  languages: { value: string; label: string }[];
}

function signalOf(figures: AssessmentFigures | undefined): MetricsSignal | null {
  if (!figures || figures.submitted === 0) return null;
  if (!figures.tooLong) {
    return {
      tooLong: false,
      text: `Attempts so far fit the limit: the median used ${figures.medianMinutesUsed ?? '—'} of ${figures.timeLimitMinutes} minutes.`,
    };
  }
  const reasons = figures.tooLongReasons.map((r) => REASON_TEXT[r]).join(' and ');
  return { tooLong: true, text: `Too long for its limit: ${reasons}.` };
}

const NEW_DEFAULTS = {
  title: '',
  roleTitle: '',
  team: '',
  timeLimitMinutes: 60,
  startWindowDays: 7,
  feedbackDueHours: 120,
  minAnchoredComments: 1,
};

@Injectable()
export class AssessmentPagesPresenter {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {}

  private async figures(assessmentId?: string): Promise<{ byId: Map<string, AssessmentFigures>; windowText: string }> {
    const now = this.clock.now();
    const from = new Date(now.getTime() - METRICS_WINDOW_DAYS * DAY_MS);
    const report = await this.metrics.turnaround({ from: from.toISOString(), to: now.toISOString(), assessmentId });
    return {
      byId: new Map(report.assessments.map((a) => [a.id, a])),
      windowText: `invitations and attempts of the last ${METRICS_WINDOW_DAYS} days, ${utcDay(from)} to today (${utcDay(now)}) included`,
    };
  }

  async list(actor: StaffActor): Promise<AssessmentListPage> {
    const [assessments, { byId, windowText }] = await Promise.all([this.assessments.list(), this.figures()]);
    return {
      nav: staffNav(actor.role, '/assessments'),
      windowText,
      rows: assessments.map((a) => {
        const f = byId.get(a.id);
        const signal = signalOf(f);
        return {
          id: a.id,
          href: `/assessments/${a.id}`,
          title: a.title,
          roleTitle: a.roleTitle,
          team: a.team,
          status: a.status === 'published' ? 'Published' : a.version > 0 ? 'Draft (revising)' : 'Draft',
          published: a.status === 'published',
          version: a.version === 0 ? 'not yet published' : `v${a.version}`,
          invited: f?.invited ?? 0,
          submitted: f?.submitted ?? 0,
          minutes:
            f?.medianMinutesUsed === null || f === undefined
              ? `— of ${a.timeLimitMinutes} min`
              : `${f.medianMinutesUsed} of ${a.timeLimitMinutes} min`,
          tooLong: signal?.tooLong ?? false,
          tooLongText: signal?.tooLong ? signal.text : null,
        };
      }),
    };
  }

  async editor(actor: StaffActor, id: string | null): Promise<EditorPage> {
    const nav = staffNav(actor.role, '/assessments');
    if (id === null) {
      return {
        nav,
        isNew: true,
        id: null,
        heading: 'New assessment',
        draft: true,
        published: false,
        statusText: 'Not saved yet',
        fields: NEW_DEFAULTS,
        dataJson: scriptJson(editorData(null)),
        length: lengthGuidance([], NEW_DEFAULTS.timeLimitMinutes),
        signal: null,
        windowText: '',
        warnings: [],
        sections: [],
        rubric: [],
        versions: [],
      };
    }
    const [view, versions, { byId, windowText }] = await Promise.all([
      this.assessments.get(id),
      this.assessments.versionsOf(id),
      this.figures(id),
    ]);
    const questions = view.sections.filter((s): s is AssessmentQuestionSection => s.kind === 'question');
    const published = view.status === 'published';
    return {
      nav,
      isNew: false,
      id: view.id,
      heading: view.title,
      draft: !published,
      published,
      statusText: statusText(view),
      fields: {
        title: view.title,
        roleTitle: view.roleTitle,
        team: view.team ?? '',
        timeLimitMinutes: view.timeLimitMinutes,
        startWindowDays: view.startWindowDays,
        feedbackDueHours: view.feedbackDueHours,
        minAnchoredComments: view.minAnchoredComments,
      },
      dataJson: scriptJson(editorData(view)),
      length: lengthGuidance(questions, view.timeLimitMinutes),
      signal: signalOf(byId.get(view.id)),
      windowText,
      warnings: view.warnings,
      sections: published ? readOnlySections(view) : [],
      rubric: view.rubric.map((c) => ({ ...c, description: c.description ?? null })),
      versions: versions.map((v: AssessmentVersionSummary) => ({
        version: v.version,
        publishedAt: utcMinute(new Date(v.publishedAt)),
        title: v.title,
        timeLimitMinutes: v.timeLimitMinutes,
      })),
    };
  }

  /** The candidate's page for the current content, rendered by the code a publish renders it with. */
  async preview(id: string): Promise<CandidatePageModel> {
    const view = await this.assessments.get(id);
    const { rendered } = renderSections(view.sections);
    return presentCandidatePreview(view, rendered, this.clock.now());
  }
}

function statusText(view: AssessmentView): string {
  if (view.status === 'published')
    return `Published, version ${view.version}, on ${utcMinute(new Date(view.publishedAt!))}. Invitations use this version.`;
  if (view.version > 0)
    return `Draft of version ${view.version + 1}. Version ${view.version} stays live for invitations until you publish.`;
  return 'Draft: not published yet, so no one can be invited.';
}

function editorData(view: AssessmentView | null): EditorData {
  return {
    id: view?.id ?? null,
    status: view === null ? 'new' : view.status,
    sections: view?.sections ?? [],
    rubric: view?.rubric ?? [],
    languages: CODE_LANGUAGES.map((value) => ({ value, label: CODE_LANGUAGE_NAMES[value] })),
  };
}

function readOnlySections(view: AssessmentView): ReadOnlySection[] {
  const { rendered } = renderSections(view.sections);
  let readings = 0;
  return view.sections.map((s, i) => {
    if (s.kind === 'reading') {
      return {
        reading: true,
        number: i + 1,
        title: s.title,
        html: readingHtml(rendered, readings++, s.body),
        type: 'Reading',
        required: false,
        options: [],
        language: null,
        expectedMinutes: null,
      };
    }
    return {
      reading: false,
      number: i + 1,
      title: s.key,
      html: promptHtml(rendered, s.key, s.prompt),
      type: s.type === 'code' ? 'Code' : s.type === 'choice' ? 'Choice' : 'Text',
      required: s.required,
      options: s.options ?? [],
      language: s.language ? CODE_LANGUAGE_NAMES[s.language] : null,
      expectedMinutes: s.expectedMinutes ?? null,
    };
  });
}
