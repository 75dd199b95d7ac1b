import { ApiProperty } from '@nestjs/swagger';

/** One input that was refused: which field (as the request spelled it) and what is wrong with it. */
export class FieldError {
  /** The field, as a path into the request: `email`, `scores.design`, `body`, `query.from`. */
  field!: string;
  /** What is wrong, in words that can be shown to the person who sent it. */
  message!: string;
}

/** An RFC 9457 problem (`application/problem+json`): the body of every 4xx and 5xx answer of the API. */
export class ProblemDetails {
  /** The kind of problem, as a URI reference: `/problems/validation`, `/problems/state-conflict`. */
  type!: string;
  /** A short summary of the kind of problem, the same for every occurrence. */
  title!: string;
  /** The HTTP status code. */
  status!: number;
  /** What went wrong this time, and what to do about it. */
  detail!: string;
  /** The path of the request that failed (never its query string). */
  instance?: string;
  /** Candor's error code, stable across wording changes: `REVIEW.STATE_CONFLICT`. */
  code?: string;
  /** For refused input: every field that was refused, not only the first. */
  @ApiProperty({ type: () => [FieldError], required: false })
  errors?: FieldError[];
}
