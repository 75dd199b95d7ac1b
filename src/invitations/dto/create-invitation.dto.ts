import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateInvitationDto {
  @IsString() @MinLength(1) @MaxLength(200) candidateName: string;
  @IsEmail() @MaxLength(254) candidateEmail: string;
  /** Accommodation: added to the time limit from the start. */
  @IsOptional() @IsInt() @Min(0) @Max(480) extraMinutes?: number;
}
