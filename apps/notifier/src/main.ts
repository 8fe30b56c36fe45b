import 'reflect-metadata';
import { bootHttpApp } from '@cx/bootstrap';
import { NotifierAppModule } from './app.module';

void bootHttpApp('notifier', NotifierAppModule);
