import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type UserRole } from './staff-role.js';

export const PUBLIC_ROUTE = 'candor:public';
export const ROLES = 'candor:roles';

/** No staff credential needed (login, health, candidate routes, which have their own guard). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Staff roles allowed on a route; admin is always allowed. Without it, any signed-in staff member. */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

export interface StaffActor {
  id: string;
  role: UserRole;
}

export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffActor => {
  const request = ctx.switchToHttp().getRequest<{ staff?: StaffActor }>();
  if (!request.staff) throw new Error('CurrentStaff used on a route without the staff guard');
  return request.staff;
});
