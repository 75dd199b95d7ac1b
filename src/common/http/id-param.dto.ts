import { IsUUID } from 'class-validator';

/** `:id` path parameter: a malformed id is a 400 naming `id`, never a database error. */
export class IdParamDto {
  @IsUUID() id: string;
}
