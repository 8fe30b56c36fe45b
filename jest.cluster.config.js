// The cluster fault suite (`npm run test:cluster`): three Kafka brokers and two of each app, apart from `npm test`
// (it needs more time than CI's run has; see the README's "Cluster fault suite").
const base = require('./jest.config.js');

const faults = base.projects.find((p) => p.displayName === 'faults');

module.exports = {
  testTimeout: base.testTimeout,
  projects: [
    { ...faults, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'] },
  ],
};
