import 'reflect-metadata';
import { bootHttpApp } from '@cx/bootstrap';
import { GatewayModule } from './app.module';
import { assertEveryRouteDeclared } from './auth';
import { registerJsonBody } from './http/json-body';
import { registerEdifactBody } from './edifact/edifact-body';
import { ProblemFilter } from './problem';

void bootHttpApp(
  'gateway',
  GatewayModule,
  (app) => {
    assertEveryRouteDeclared(GatewayModule);
    registerJsonBody(app.getHttpAdapter().getInstance());
    registerEdifactBody(app.getHttpAdapter().getInstance());
    // Nest routes Fastify's own errors (media type, body size, JSON syntax) and unknown routes through this filter too.
    app.useGlobalFilters(new ProblemFilter());
  },
  { bodyParser: false },
);
