export * from './cursor';
export * from './delivery-filter';
export * from './inbox-query';
export * from './sse-frames';
