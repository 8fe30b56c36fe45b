export * from './participant';
export * from './ack';
export * from './content-hash';
export * from './generated';
export * from './messages';
export * from './senders';
export * from './violation';
export * from './named-participants';
