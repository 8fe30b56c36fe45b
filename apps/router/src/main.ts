import 'reflect-metadata';
import { topicsOf } from '@cx/config';
import { bootPipelineApp } from '@cx/observability';
import { RouterAppModule } from './app.module';

void bootPipelineApp(
  'router',
  RouterAppModule,
  (s) => s.ports.router,
  (s) => ({
    pattern: 'validated',
    topic: topicsOf(s).validated,
  }),
);
