export * from './env-vars';
export * from './settings';
export * from './admin-token';
export * from './topics';
export * from './config.module';
