import { Global, Module } from '@nestjs/common';
import { loadSettings, Settings } from './settings';

/** Injection token of the parsed Settings. */
export const SETTINGS = Symbol('SETTINGS');

/** Makes the validated Settings injectable everywhere; parsing fails the start with the variable named. */
@Global()
@Module({
  providers: [{ provide: SETTINGS, useFactory: (): Settings => loadSettings() }],
  exports: [SETTINGS],
})
export class ConfigModule {}
