// House rules for imports between the folders of src/ (issue #12). Run with `npm run lint:deps`.
//
// Vocabulary:
// - infrastructure: src/common, src/config, src/database, src/web (and the composition roots src/main.ts and
//   src/app.module.ts, which sit directly in src/ and may import anything);
// - feature: every other folder directly under src/ (src/users, src/reviews, src/metrics, ...).

const INFRA = '(?:common|config|database|web)';
/** A file inside a feature folder; $1 is the feature's name. */
const IN_FEATURE = `^src/(?!${INFRA}/)([^/]+)/`;
/**
 * A feature folder or one of its subfolders (folder-scoped rules match folder names, without a trailing slash).
 * Subfolders count because dependency-cruiser's folder graph has an edge to the folder that holds the imported
 * file: an import of src/assessments/dto/x.ts is an edge to src/assessments/dto, not to src/assessments.
 */
const FEATURE_FOLDER = `^src/(?!${INFRA}(?:/|$))[^/]+`;
const SPEC = '[.](?:spec|e2e-spec)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This file is part of a circular chain of imports. Break the cycle: move what both sides need into a ' +
        'third file, or depend on a type-only import.',
      from: {},
      to: { circular: true },
    },
    // Folder-level cycles (dependency-cruiser's `scope: 'folder'`: each folder aggregates the files below it, and
    // has an edge to the folder of every file they import). Known gap: if feature A imports only files in a
    // subfolder of B (src/B/dto/...) while B's top-level files import A, the folder graph has A -> B/dto and B -> A
    // but no cycle, so that one goes unreported.
    {
      name: 'no-feature-cycles',
      severity: 'error',
      comment:
        'Two (or more) feature folders depend on each other, counting type-only imports. Decide which one is ' +
        'upstream and invert the other dependency (an event, a port interface owned by the upstream feature, or ' +
        'moving the shared piece into the upstream feature).',
      scope: 'folder',
      from: { path: FEATURE_FOLDER },
      to: { path: FEATURE_FOLDER, circular: true },
    },
    {
      name: 'feature-boundaries',
      severity: 'error',
      comment:
        "A feature may not import another feature's entity or repository as a value: go through that feature's " +
        'exported service. A type-only import (`import { type X }`) of an entity is fine.',
      from: { path: IN_FEATURE },
      to: {
        path: '^src/[^/]+/.+[.](?:entity|repository)[.]ts$',
        pathNot: '^src/$1/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'infrastructure-imports-no-feature',
      severity: 'error',
      comment:
        'src/common and src/config are shared by every feature, so they may not depend on any feature. Move the ' +
        'shared piece down into src/common, or pass it in from the feature.',
      from: { path: '^src/(?:common|config)/' },
      to: { path: IN_FEATURE },
    },
    {
      name: 'database-imports-only-entities',
      severity: 'error',
      comment:
        'src/database may reference entities of features (the entity list TypeORM needs), nothing else of theirs. ' +
        'Migrations are exempt (they may reuse a feature’s pure helpers).',
      from: { path: '^src/database/', pathNot: '^src/database/migrations/' },
      to: { path: IN_FEATURE, pathNot: '[.]entity[.]ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: "This import can't be resolved to a file on disk or a package in node_modules.",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      comment: 'This file neither imports nor is imported by anything: probably dead code. Remove it, or use it.',
      from: {
        orphan: true,
        pathNot: [
          SPEC,
          '[.]d[.]ts$',
          '^src/database/migrations/',
          '^src/web/public/',
          '^(?:bench|scripts|dist|test)/',
          '(^|/)[.][^/]+[.](?:js|cjs|mjs|ts)$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^dist/', '^src/web/public/build/', '^coverage/'] },
    moduleSystems: ['es6', 'cjs'],
    // true: also see imports that compile away (`import type`, `import { type X }`), and tag them 'type-only'.
    tsPreCompilationDeps: true,
    // The project's tsconfig, so that compiler options and `.js` -> `.ts` resolution match `tsc`'s.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      archi: { collapsePattern: '^src/[^/]+|node_modules/(?:@[^/]+/[^/]+|[^/]+)' },
    },
  },
};
