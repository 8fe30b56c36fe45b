export * from './api-keys.service';
export * from './auth.guard';
export * from './auth.module';
export * from './current-caller.decorator';
export * from './route-table';
