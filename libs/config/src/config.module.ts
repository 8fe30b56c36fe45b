import { DynamicModule, Global, Module } from '@nestjs/common';
import { Settings } from './settings';

/** Injection token of the parsed Settings. */
export const SETTINGS = Symbol('SETTINGS');

/** Makes the Settings the process loaded at start (once: see libs/bootstrap) injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forSettings(settings: Settings): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: SETTINGS, useValue: settings }],
      exports: [SETTINGS],
    };
  }
}
