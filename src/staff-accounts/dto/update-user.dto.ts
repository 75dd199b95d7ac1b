import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '../../common/auth/staff-role.js';

/** What an admin may change of a staff account; the email and password are the person's own. */
export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;
  @IsOptional() @IsIn(USER_ROLES) role?: UserRole;
  /** false ends the person's sessions at once and returns their claims to the queue; true lets them sign in again. */
  @IsOptional() @IsBoolean() active?: boolean;
}
