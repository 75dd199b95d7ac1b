import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NotBlank, Trim } from '../../common/http/text-rules.js';

export class CreateInvitationDto {
  @Trim() @IsString() @NotBlank() @MaxLength(200) candidateName: string;
  @IsEmail({}, { message: '$property must be an email address, like name@example.com' })
  @MaxLength(254)
  candidateEmail: string;
  /** Accommodation: added to the time limit from the start. */
  @IsOptional() @IsInt() @Min(0) @Max(480) extraMinutes?: number;
}
