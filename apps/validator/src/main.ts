import 'reflect-metadata';
import { topicsOf } from '@cx/config';
import { bootPipelineApp } from '@cx/observability';
import { ValidatorModule } from './app.module';
import { INBOUND_REFRESH_MS, inboundTopics } from './inbound-topics';

void bootPipelineApp(
  'validator',
  ValidatorModule,
  (s) => s.ports.validator,
  (s) => ({
    pattern: 'inbound',
    topic: inboundTopics(topicsOf(s)),
    topicRefreshMs: INBOUND_REFRESH_MS,
  }),
);
