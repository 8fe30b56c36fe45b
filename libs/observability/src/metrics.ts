import { Controller, DynamicModule, Get, Header, Inject, Module } from '@nestjs/common';
import { Access } from '@cx/auth';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { liveHeapMetric } from './live-heap';

export const METRICS = Symbol('METRICS');

@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly registry: Registry) {}

  @Access('public')
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** `GET /metrics` in Prometheus text format, with process metrics labelled by app; apps add their own to METRICS. */
@Module({})
export class MetricsModule {
  static forApp(app: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        {
          provide: METRICS,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ app });
            collectDefaultMetrics({ register: registry, prefix: 'cx_' });
            liveHeapMetric(registry);
            return registry;
          },
        },
      ],
      exports: [METRICS],
    };
  }
}
