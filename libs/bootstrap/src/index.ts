export * from './http-app';
export * from './pipeline-app';
export * from './supervisor';
