export * from './api-key';
export * from './verified-keys';
export * from './caller';
