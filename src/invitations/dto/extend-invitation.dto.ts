import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class ExtendInvitationDto {
  @IsInt() @Min(1) @Max(240) minutes: number;
  @IsString() @MinLength(3) @MaxLength(1000) reason: string;
}
