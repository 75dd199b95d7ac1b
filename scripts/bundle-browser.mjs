// Bundles the pages' TypeScript (src/web/browser/*.page.ts) into src/web/public/build/, which nest build then
// copies into dist like any other asset. Runs before nest build (npm run build) and before the tests.
// Prints each bundle's size (as sent, and gzipped as a proxy would), so a heavy dependency shows in the build.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const sourceDir = join(root, 'src', 'web', 'browser');
const pages = readdirSync(sourceDir).filter((f) => f.endsWith('.page.ts'));
/**
 * Pages loaded as ES modules (`<script type="module">`): split into chunks, so that what only some visits need
 * (the code editor's language grammars) is fetched only then. The others are one classic script each.
 */
const MODULE_PAGES = new Set(['candidate.page.ts']);

const common = {
  outdir: join(root, 'src', 'web', 'public', 'build'),
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  target: ['es2020'],
  // Minified: the candidate's page carries a code editor, and candidates may be on slow connections.
  minify: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
};
// Chunk names carry a hash: clear the last build's, so that only what this build uses is served.
rmSync(join(common.outdir, 'chunks'), { recursive: true, force: true });
const results = await Promise.all([
  build({
    ...common,
    entryPoints: pages.filter((f) => !MODULE_PAGES.has(f)).map((f) => join(sourceDir, f)),
    format: 'iife',
  }),
  build({
    ...common,
    entryPoints: pages.filter((f) => MODULE_PAGES.has(f)).map((f) => join(sourceDir, f)),
    format: 'esm',
    splitting: true,
  }),
]);
const outputs = Object.assign({}, ...results.map((r) => r.metafile.outputs));

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const sizes = {};
for (const file of Object.keys(outputs).filter((f) => f.endsWith('.js'))) {
  const bytes = readFileSync(join(root, file));
  sizes[file] = { size: bytes.length, gzip: gzipSync(bytes).length };
}
/** A file and every chunk it imports statically, leaving out what is already loaded. */
const closure = (file, loaded = new Set()) => {
  const seen = new Set([file]);
  const queue = [file];
  while (queue.length) {
    for (const i of outputs[queue.pop()].imports) {
      if (i.kind === 'import-statement' && !seen.has(i.path) && !loaded.has(i.path)) {
        seen.add(i.path);
        queue.push(i.path);
      }
    }
  }
  return seen;
};
const total = (files) => ({
  size: [...files].reduce((n, f) => n + sizes[f].size, 0),
  gzip: [...files].reduce((n, f) => n + sizes[f].gzip, 0),
});
const rows = [];
const lazyRows = (from, loaded, depth) => {
  const names = new Set();
  for (const lazy of outputs[from].imports.filter((i) => i.kind === 'dynamic-import')) {
    const source = outputs[lazy.path].entryPoint ?? lazy.path;
    const name = source.includes('node_modules/')
      ? source.replace(/^.*node_modules\/(@[^/]+\/[^/]+|[^/]+)(\/mode\/([\w-]+))?.*$/, '$1$2').replace('/mode/', ' ')
      : relative(sourceDir, source);
    if (names.has(name)) continue;
    names.add(name);
    const files = closure(lazy.path, loaded);
    rows.push({ file: `${'  '.repeat(depth)}+ ${name} (on demand)`, ...total(files) });
    lazyRows(lazy.path, new Set([...loaded, ...files]), depth + 1);
  }
};
for (const [file, output] of Object.entries(outputs)) {
  if (!output.entryPoint?.endsWith('.page.ts')) continue;
  const first = closure(file);
  rows.push({ file: relative(common.outdir, join(root, file)), ...total(first) });
  lazyRows(file, first, 1);
}
const width = Math.max(...rows.map((r) => r.file.length));
console.log('Browser bundles (src/web/public/build/; a page with its static imports, then what it loads on demand):');
for (const r of rows) {
  console.log(
    `  ${r.file.padEnd(width)}  ${String(r.size).padStart(7)} bytes (${kib(r.size).padStart(9)})  gzip ${String(r.gzip).padStart(7)} bytes (${kib(r.gzip).padStart(9)})`,
  );
}
