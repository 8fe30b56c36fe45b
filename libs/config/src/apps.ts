import type { EnvVarName } from './env-vars';

/**
 * The exchange's apps, in start order: each runs as its own process (`dist/apps/<app>/src/main.js`), under
 * `npm start`, the tests' supervisor and docker-compose (where each is a service of that name).
 */
export const APPS = ['validator', 'router', 'gateway', 'dashboard', 'notifier'] as const;
export type AppName = (typeof APPS)[number];

/** The variable that sets each app's HTTP port (every app serves at least /health and /metrics). */
export const PORT_VARIABLES: Record<AppName, EnvVarName> = {
  gateway: 'PORT',
  dashboard: 'DASHBOARD_PORT',
  validator: 'CX_VALIDATOR_PORT',
  router: 'CX_ROUTER_PORT',
  notifier: 'CX_NOTIFIER_PORT',
};
