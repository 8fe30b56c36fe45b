export * from './cached-directory';
export * from './participants.module';
