import 'reflect-metadata';
import { topicsOf } from '@cx/config';
import { bootPipelineApp } from '@cx/observability';
import { ValidatorModule } from './app.module';

void bootPipelineApp(
  'validator',
  ValidatorModule,
  (s) => s.ports.validator,
  (s) => ({
    pattern: 'inbound',
    topic: topicsOf(s).inbound,
  }),
);
