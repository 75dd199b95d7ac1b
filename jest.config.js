// Jest runs in native ESM mode (NestJS 12 ships only ES modules): see the "test" script.
const esm = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        useESM: true,
        tsconfig: 'tsconfig.json',
        astTransformers: {
          before: ['<rootDir>/test/support/swagger-transformer.cjs'],
        },
      },
    ],
    '^.+\\.js$': ['babel-jest', { configFile: './test/support/babel.config.cjs' }],
  },
  // ES-module-only packages that CommonJS dependencies require(): compiled for that path only.
  transformIgnorePatterns: [
    '/node_modules/(?!(content-disposition|cookie|@fastify/static/node_modules/content-disposition)/)',
  ],
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...esm, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...esm,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
  // Test files are I/O-bound (each on its own database): more workers than cores pays off.
  maxWorkers: process.env.JEST_WORKERS ?? 3,
  // Node 20 never frees a test file's ES modules (nodejs/node#59118, jestjs/jest#9959): each e2e file leaves
  // ~70 MB in its worker. Past this, Jest replaces the worker between files; otherwise workers end a full run
  // near 2 GB and take longer than Jest's 500 ms to exit ("A worker process has failed to exit gracefully").
  workerIdleMemoryLimit: '512MB',
};
