import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '../../common/auth/staff-role.js';
import { NotBlank, Trim } from '../../common/http/text-rules.js';

export class CreateUserDto {
  @IsEmail() @MaxLength(254) email: string;
  @Trim() @IsString() @NotBlank() @MaxLength(200) name: string;
  @IsIn(USER_ROLES) role: UserRole;
  @IsString() @MinLength(10) @MaxLength(200) password: string;
}
