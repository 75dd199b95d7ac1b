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
};
