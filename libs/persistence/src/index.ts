export * from './data-source';
export * from './migrate';
export * from './persistence.module';
export * from './entities/participant.entity';
export * from './entities/api-key.entity';
export * from './entities/message.entity';
