import 'reflect-metadata';
import { topicsOf } from '@cx/config';
import { bootPipelineApp } from '@cx/bootstrap';
import { ValidatorModule } from './app.module';
import { INBOUND_REFRESH_MS, inboundTopics } from './inbound-topics';

void bootPipelineApp('validator', ValidatorModule, (s) => ({
  pattern: 'inbound',
  topic: inboundTopics(topicsOf(s)),
  topicRefreshMs: INBOUND_REFRESH_MS,
}));
