// Bundles the pages' TypeScript (src/web/browser/*.page.ts) into src/web/public/build/, which nest build then
// copies into dist like any other asset. Runs before nest build (npm run build) and before the tests.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const sourceDir = join(root, 'src', 'web', 'browser');
const entryPoints = readdirSync(sourceDir)
  .filter((f) => f.endsWith('.page.ts'))
  .map((f) => join(sourceDir, f));

await build({
  entryPoints,
  outdir: join(root, 'src', 'web', 'public', 'build'),
  entryNames: '[name]',
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: false,
  sourcemap: true,
  logLevel: 'warning',
});
