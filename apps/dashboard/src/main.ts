import 'reflect-metadata';
import { bootHttpApp } from '@cx/observability';
import { DashboardModule } from './app.module';

void bootHttpApp('dashboard', DashboardModule, (s) => s.ports.dashboard);
