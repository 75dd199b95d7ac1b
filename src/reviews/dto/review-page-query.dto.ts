import { IsIn, IsOptional, IsUUID } from 'class-validator';

/** `/review?id=<review id>` opens one of the reviewer's claims beside the feedback form. */
export class ReviewPageQueryDto {
  @IsOptional() @IsUUID() id?: string;
  /** Set after a completion, to confirm that the feedback went out. */
  @IsOptional() @IsIn(['1']) sent?: '1';
}
