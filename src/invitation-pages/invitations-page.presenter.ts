import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { INVITATION_STATUSES, type InvitationListItemView } from '../invitations/invitation.view.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { staffNav, type StaffNavLink } from '../web-auth/staff-nav.js';
import { type InvitationsPageQueryDto } from './dto/invitations-page-query.dto.js';
import { utcMinute } from '../common/clock/utc-text.js';
import { CHANGEABLE_STATUSES, STATUS_LABELS, SUBMITTED_BY_LABELS, whenOrDash } from './invitation-format.js';

export const INVITATIONS_PAGE_TEMPLATE = 'invitation-pages/invitations-page.hbs';

/** Candidates shown at once: enough to scan, few enough for a phone; the rest are a "Next" away. */
export const PAGE_SIZE = 100;

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface CandidateRow {
  id: string;
  name: string;
  email: string;
  assessment: string;
  status: string;
  statusLabel: string;
  startBy: string;
  deadline: string;
  submitted: string;
  submittedBy: string;
  feedbackDue: string;
  feedbackSent: string;
  overdue: boolean;
  atRisk: boolean;
  changeable: boolean;
}

export interface InvitationsPage {
  nav: StaffNavLink[];
  filters: { q: string; assessments: Option[]; statuses: Option[] };
  /** Published assessments: the ones candidates can be invited to. */
  inviteOptions: Option[];
  rows: CandidateRow[];
  /** "Showing 1–100 of 340 candidates, newest first." */
  summary: string;
  /** Set when one invitation is shown (`?id=`). */
  single: boolean;
  previousHref: string | null;
  nextHref: string | null;
  now: string;
}

/** The candidates page's data: every invitation with its dates and flags, formatted for people. */
@Injectable()
export class InvitationsPagePresenter {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly assessments: AssessmentsService,
    private readonly clock: Clock,
  ) {}

  async page(actor: StaffActor, query: InvitationsPageQueryDto): Promise<InvitationsPage> {
    const offset = query.offset ?? 0;
    const [assessments, found] = await Promise.all([this.assessments.list(), this.find(query, offset)]);
    const { rows, total } = found;
    const single = query.id !== undefined;
    const href = (at: number): string => `/invitations?${filterParams(query, at)}`;
    return {
      nav: staffNav(actor.role, '/invitations'),
      filters: {
        q: query.q ?? '',
        assessments: assessments.map((a) => ({ value: a.id, label: a.title, selected: a.id === query.assessmentId })),
        statuses: INVITATION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s], selected: s === query.status })),
      },
      inviteOptions: assessments
        .filter((a) => a.version > 0)
        .map((a) => ({ value: a.id, label: a.title, selected: a.id === query.assessmentId })),
      rows: rows.map(toRow),
      summary: single ? summaryOfOne(rows.length) : summaryOf(offset, rows.length, total),
      single,
      previousHref: !single && offset > 0 ? href(Math.max(0, offset - PAGE_SIZE)) : null,
      nextHref: !single && offset + rows.length < total ? href(offset + PAGE_SIZE) : null,
      now: utcMinute(this.clock.now()),
    };
  }

  private async find(
    query: InvitationsPageQueryDto,
    offset: number,
  ): Promise<{ rows: InvitationListItemView[]; total: number }> {
    if (query.id === undefined) {
      return this.invitations.page({ ...query, offset, limit: Math.min(query.limit ?? PAGE_SIZE, PAGE_SIZE) });
    }
    try {
      return { rows: [await this.invitations.listItem(query.id)], total: 1 };
    } catch (err) {
      // A stale link from the dashboard: say so on the page rather than an error page.
      if (err instanceof DomainError && err.code === 'INVITATION.NOT_FOUND') return { rows: [], total: 0 };
      throw err;
    }
  }
}

function toRow(i: InvitationListItemView): CandidateRow {
  return {
    id: i.id,
    name: i.candidateName,
    email: i.candidateEmail,
    assessment: i.assessmentTitle,
    status: i.status,
    statusLabel: STATUS_LABELS[i.status] ?? i.status,
    startBy: whenOrDash(i.startBy),
    deadline: whenOrDash(i.deadline),
    submitted: whenOrDash(i.submittedAt),
    submittedBy: i.submittedBy ? SUBMITTED_BY_LABELS[i.submittedBy] : '',
    feedbackDue: whenOrDash(i.feedbackDueAt),
    feedbackSent: whenOrDash(i.feedbackSentAt),
    overdue: i.overdue,
    atRisk: i.atRisk,
    changeable: CHANGEABLE_STATUSES.includes(i.status),
  };
}

function filterParams(query: InvitationsPageQueryDto, offset: number): string {
  const params = new URLSearchParams();
  if (query.assessmentId) params.set('assessmentId', query.assessmentId);
  if (query.status) params.set('status', query.status);
  if (query.q) params.set('q', query.q);
  if (offset > 0) params.set('offset', String(offset));
  return params.toString();
}

function summaryOf(offset: number, shown: number, total: number): string {
  if (total === 0) return 'No candidates match.';
  const noun = total === 1 ? 'candidate' : 'candidates';
  if (shown === total) return `${total} ${noun}, newest first.`;
  return `Showing ${offset + 1}–${offset + shown} of ${total} ${noun}, newest first (${PAGE_SIZE} at a time).`;
}

const summaryOfOne = (found: number): string =>
  found === 1 ? 'Showing one candidate.' : 'That invitation does not exist (any more).';
