import { IsString, Matches, MaxLength } from 'class-validator';

export class CandidateTokenParamDto {
  /** The secret from the invitation link (URL-safe base64). */
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'token must be URL-safe base64' })
  token: string;
}
