import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SAFE_NEXT_PATH } from '../web-session.js';

/** The browser login form (application/x-www-form-urlencoded). */
export class WebLoginDto {
  @IsEmail() @MaxLength(254) email: string;
  @IsString() @MaxLength(200) password: string;
  @IsOptional() @Matches(SAFE_NEXT_PATH, { message: 'next must be a path on this site' }) next?: string;
}

export class LoginPageQueryDto {
  @IsOptional() @Matches(SAFE_NEXT_PATH, { message: 'next must be a path on this site' }) next?: string;
}

/** The staff pages' sign-out form: its hidden CSRF field. */
export class LogoutFormDto {
  @IsOptional() @IsString() @MaxLength(200) _csrf?: string;
}
