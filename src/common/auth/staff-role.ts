/** The staff roles: who may do what is decided on routes (Roles) and in services, for every feature. */
export const USER_ROLES = ['admin', 'recruiter', 'reviewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];
