import 'reflect-metadata';
import proxy from '@fastify/http-proxy';
import { Logger } from '@nestjs/common';
import { bootHttpApp } from '@cx/bootstrap';
import { DashboardModule } from './app.module';
import { webAssetsDir } from './web-assets';

/**
 * The admin dashboard: the built single-page app, and `/v1/*` forwarded to the gateway. The page calls its own
 * origin, so no CORS is opened on the gateway and the admin token is only ever sent where the page came from; the
 * gateway still authenticates every call, exactly as it would from curl.
 */
void bootHttpApp(
  'dashboard',
  DashboardModule,
  async (app, settings) => {
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onSend', async (_req, reply) => {
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('X-Frame-Options', 'DENY');
      reply.header('Referrer-Policy', 'no-referrer');
    });
    await app.register(proxy, { upstream: settings.gatewayUrl, prefix: '/v1', rewritePrefix: '/v1' });
    app.useStaticAssets({ root: webAssetsDir(), prefix: '/', index: ['index.html'] });
    new Logger('dashboard').log(`forwarding /v1 to ${settings.gatewayUrl}`);
  },
  { bodyParser: false },
);
