import { Foundation1764140000000 } from './1764140000000-foundation.js';
import { AssessmentsAndReviews1764140100000 } from './1764140100000-assessments-and-reviews.js';
import { CandidateRatings1764146000000 } from './1764146000000-candidate-ratings.js';
import { MetricsIndexes1764146100000 } from './1764146100000-metrics-indexes.js';
import { Integrations1764147000000 } from './1764147000000-integrations.js';
import { FeedbackNoticePromise1764148000000 } from './1764148000000-feedback-notice-promise.js';
import { SubmissionFacts1764149000000 } from './1764149000000-submission-facts.js';
import { AnchoredFeedback1764150000000 } from './1764150000000-anchored-feedback.js';
import { CandidateRatingComment1764150100000 } from './1764150100000-candidate-rating-comment.js';
import { StaffSessions1764151000000 } from './1764151000000-staff-sessions.js';
import { RenderedMarkdown1764152000000 } from './1764152000000-rendered-markdown.js';
import { CapacityForecast1764153000000 } from './1764153000000-capacity-forecast.js';
import { IntegrationRequestErrors1764154000000 } from './1764154000000-integration-request-errors.js';
import { OutboxReplyTo1764155000000 } from './1764155000000-outbox-reply-to.js';
import { DeliveriesAndWebhooks1764156000000 } from './1764156000000-deliveries-and-webhooks.js';
import { Privacy1764157000000 } from './1764157000000-privacy.js';
import { EventsAppendOnly1764157500000 } from './1764157500000-events-append-only.js';

/** Every migration, in order. Listed explicitly: ESM has no reliable glob loading. */
export const MIGRATIONS = [
  Foundation1764140000000,
  AssessmentsAndReviews1764140100000,
  CandidateRatings1764146000000,
  MetricsIndexes1764146100000,
  Integrations1764147000000,
  FeedbackNoticePromise1764148000000,
  SubmissionFacts1764149000000,
  AnchoredFeedback1764150000000,
  CandidateRatingComment1764150100000,
  StaffSessions1764151000000,
  RenderedMarkdown1764152000000,
  CapacityForecast1764153000000,
  IntegrationRequestErrors1764154000000,
  OutboxReplyTo1764155000000,
  DeliveriesAndWebhooks1764156000000,
  Privacy1764157000000,
  EventsAppendOnly1764157500000,
];
