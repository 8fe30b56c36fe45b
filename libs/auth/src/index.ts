export * from './access';
export * from './api-key';
export * from './key-check-throttle';
export * from './verified-keys';
export * from './caller';
