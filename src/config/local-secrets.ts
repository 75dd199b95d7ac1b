import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  jwtSecret: string;
  embeddedPostgresPassword: string;
}

/**
 * Secrets the operator did not set are generated once and kept in the data folder, so tokens and the
 * embedded database survive a restart without any hard-coded default. Owner-only permissions.
 */
export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  } catch {
    const secrets: LocalSecrets = {
      jwtSecret: randomBytes(48).toString('base64url'),
      embeddedPostgresPassword: randomBytes(24).toString('base64url'),
    };
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: 'wx' });
      return secrets;
    } catch {
      // Another process created it first: theirs wins.
      return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
    }
  }
}
