import { randomBytes } from 'node:crypto';

/**
 * Names this run's template database. The first test file that needs a database migrates the template
 * (under an advisory lock, see test-app.ts); every file then clones it with CREATE DATABASE ... TEMPLATE.
 * Kept free of application imports: Jest loads global setup outside its ESM module system.
 */
export default function globalSetup(): void {
  process.env.CANDOR_TEST_TEMPLATE = `candor_t${randomBytes(3).toString('hex')}_template`;
}
