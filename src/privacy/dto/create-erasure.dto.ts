import { IsEmail, IsString, MaxLength } from 'class-validator';
import { NotBlank, Trim } from '../../common/http/text-rules.js';
import { REASON_MAX_CHARS } from '../erasure-reason.js';

export class CreateErasureDto {
  /** Every invitation to this address (compared trimmed, in any case) is erased. */
  @Trim()
  @IsEmail({}, { message: '$property must be an email address, like name@example.com' })
  @MaxLength(254)
  candidateEmail: string;

  /**
   * Why, for the record (a request from the candidate, a ticket number). Kept with the erasure for admins; the
   * address and the candidate's names are replaced in it.
   */
  @Trim()
  @IsString()
  @NotBlank()
  @MaxLength(REASON_MAX_CHARS)
  reason: string;
}
