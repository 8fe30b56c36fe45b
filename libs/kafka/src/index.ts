export * from './client';
export * from './topics';
export * from './readiness';
export * from './kafka.module';
export * from './records';
export * from './transactional-batch.server';
