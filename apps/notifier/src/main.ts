import 'reflect-metadata';
import { bootHttpApp } from '@cx/observability';
import { NotifierAppModule } from './app.module';

void bootHttpApp('notifier', NotifierAppModule, (s) => s.ports.notifier);
