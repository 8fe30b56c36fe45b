import 'reflect-metadata';
import { bootHttpApp } from '@cx/observability';
import { GatewayModule } from './app.module';

void bootHttpApp('gateway', GatewayModule, (s) => s.ports.gateway);
