/** One feedback rule the feedback does not meet yet: the field as the request names it, and what is missing. */
export class UnmetRule {
  /** The field, as a path into the feedback: `summary`, `criteria.design`, `comments[0].quote`. */
  field!: string;
  /** What is missing or not useful, in words for the reviewer (criterion titles, not keys). */
  message!: string;
}

/** The minimums a reviewer has to meet, shown beside the fields on the review page. */
export class FeedbackLimits {
  /** FEEDBACK_MIN_CHARS: visible characters of summary, strengths and improvements each. */
  minChars!: number;
  /** Visible characters of each criterion's comment. */
  criterionMinChars!: number;
  /** Visible characters of each anchored comment. */
  commentMinChars!: number;
  /** Visible characters of each anchored comment's quoted passage. */
  quoteMinChars!: number;
  /** The assessment's minAnchoredComments. */
  minAnchoredComments!: number;
}
