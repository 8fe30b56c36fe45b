import { Controller, DynamicModule, Get, Inject, Injectable, Module } from '@nestjs/common';
import { Access } from '@cx/auth';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { SETTINGS, Settings } from '@cx/config';
import { KafkaAdmin, kafkaReadiness } from '@cx/kafka';

/** Which consumer groups must have live members before this app reports ready. */
export const READY_GROUPS = Symbol('READY_GROUPS');

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaAdmin,
    @Inject(READY_GROUPS) private readonly groups: string[],
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    try {
      const r = await kafkaReadiness(this.kafka.admin, this.groups);
      if (r.groupsNotReady.length > 0) {
        return indicator.down({
          brokers: r.brokers,
          message: `consumers not ready: ${r.groupsNotReady.join(', ')}`,
        });
      }
      return indicator.up({ brokers: r.brokers, consumers: this.groups });
    } catch (err) {
      return indicator.down({ message: `Kafka unreachable: ${(err as Error).message}` });
    }
  }
}

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /** 200 `{status:"ok"}` only when Kafka, the database and the required consumers are ready; 503 otherwise. */
  @Access('public')
  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.kafka.check('kafka'),
      () => this.db.pingCheck('database', { timeout: 2000 }),
    ]);
  }
}

/** `GET /health` for an app; `groups` derives from the settings the consumer groups this app's readiness needs. */
@Module({})
export class HealthModule {
  static forApp(groups: (settings: Settings) => string[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: READY_GROUPS, inject: [SETTINGS], useFactory: groups }, KafkaHealthIndicator],
    };
  }
}
