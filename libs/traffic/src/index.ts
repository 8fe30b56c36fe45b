export * from './percentile';
export * from './outcomes';
export * from './per-minute';
export * from './failures';
export * from './delivery-lag';
