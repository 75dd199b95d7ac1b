// Shared by the admin page's presenter and its script (rows the script adds read like the server's).

export const ROLE_LABELS: Record<string, string> = { reviewer: 'Reviewer', recruiter: 'Recruiter', admin: 'Admin' };
export const PROVIDER_LABELS: Record<string, string> = { greenhouse: 'Greenhouse', ashby: 'Ashby' };
