// Two projects: fast unit tests beside the code, and integration/e2e tests in test/
// against the real Kafka broker and database (started once by the global setup).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = { '^@cx/([a-z-]+)$': '<rootDir>/libs/$1/src' };
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  // Integration tests wait on a real broker and database; they poll with deadlines instead of sleeping.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,bench}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The fault suite (also `npm run test:faults`): stops a broker of its own, kills apps, cuts PostgreSQL off.
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.{faults-spec,spec}.ts'],
    },
    // The cluster fault suite, run by `npm run test:cluster` alone (CX_TEST_CLUSTER): three Kafka nodes and two of
    // every app on one PostgreSQL database. Not yet part of `npm test` (see the README's "Cluster fault suite").
    ...(process.env.CX_TEST_CLUSTER
      ? [{ ...common, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'] }]
      : []),
  ],
};
