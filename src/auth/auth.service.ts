import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { toUserView, type UserView } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { InvalidCredentialsError } from './auth.errors.js';
import { type LoginDto } from './dto/login.dto.js';

export interface LoginResult {
  accessToken: string;
  user: UserView;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResult> {
    const user = await this.users.verifyCredentials(dto.email, dto.password);
    if (!user) throw new InvalidCredentialsError();
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, typ: 'staff' });
    return { accessToken, user: toUserView(user) };
  }
}
