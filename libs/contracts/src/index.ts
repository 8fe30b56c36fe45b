export * from './participant';
export * from './ack';
export * from './content-hash';
