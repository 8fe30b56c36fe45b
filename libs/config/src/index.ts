export * from './env-vars';
export * from './settings';
export * from './kafka-security';
export * from './admin-token';
export * from './kafka-names';
export * from './config.module';
export * from './apps';
