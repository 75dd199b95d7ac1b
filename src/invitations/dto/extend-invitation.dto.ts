import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '../../common/http/text-rules.js';

export class ExtendInvitationDto {
  @IsInt() @Min(1) @Max(240) minutes: number;
  @Trim() @IsString() @MinLength(3) @MaxLength(1000) reason: string;
}
