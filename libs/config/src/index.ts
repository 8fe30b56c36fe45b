export * from './env-vars';
export * from './settings';
export * from './kafka-security';
export * from './admin-token';
export * from './topics';
export * from './config.module';
