export * from './health';
export * from './metrics';
export * from './http-app';
