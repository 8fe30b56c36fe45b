import 'reflect-metadata';
import { bootHttpApp } from '@cx/observability';
import { GatewayModule } from './app.module';
import { registerJsonBody } from './http/json-body';
import { ProblemFilter, sendProblem, toProblemException } from './problem';

void bootHttpApp(
  'gateway',
  GatewayModule,
  (s) => s.ports.gateway,
  (app) => {
    const fastify = app.getHttpAdapter().getInstance();
    registerJsonBody(fastify);
    // Errors raised by Fastify before a route runs (media type, body size, JSON syntax) get the same problem format.
    fastify.setErrorHandler((err, _req, reply) => sendProblem(reply, toProblemException(err)));
    fastify.setNotFoundHandler((req, reply) =>
      sendProblem(
        reply,
        toProblemException({ statusCode: 404, message: `No route for ${req.method} ${req.url}` }),
      ),
    );
    app.useGlobalFilters(new ProblemFilter());
  },
);
