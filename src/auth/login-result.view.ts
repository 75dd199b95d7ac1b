import { ApiProperty } from '@nestjs/swagger';
import { UserView } from '../users/user.view.js';

/** A new staff session: the token to send as `Authorization: Bearer`, and who it belongs to. */
export class LoginResult {
  /** A signed JWT, valid for JWT_TTL_MINUTES (12 hours by default) or until logout or deactivation. */
  accessToken!: string;
  // Declared: the plugin cannot tell, one file at a time, that an imported name is a class.
  @ApiProperty({ type: UserView })
  user!: UserView;
}
