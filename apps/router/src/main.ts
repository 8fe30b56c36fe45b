import 'reflect-metadata';
import { topicsOf } from '@cx/config';
import { bootPipelineApp } from '@cx/bootstrap';
import { RouterAppModule } from './app.module';

void bootPipelineApp('router', RouterAppModule, (s) => ({
  pattern: 'validated',
  topic: topicsOf(s).validated,
}));
