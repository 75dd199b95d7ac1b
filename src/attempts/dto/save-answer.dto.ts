import { IsString, Matches, MaxLength } from 'class-validator';

export const MAX_ANSWER_CHARS = 100_000;

export class SaveAnswerDto {
  @IsString() @MaxLength(MAX_ANSWER_CHARS) value: string;
}

export class QuestionKeyParamDto {
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'questionKey is not a question key' })
  questionKey: string;
}
