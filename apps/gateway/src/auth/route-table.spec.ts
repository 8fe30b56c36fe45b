import { Controller, Get, Module, Post } from '@nestjs/common';
import { Access } from '@cx/auth';
import { GatewayModule } from '../app.module';
import { assertEveryRouteDeclared, routeTable } from './route-table';

@Access('admin')
@Controller('v1/admin/things')
class ThingsController {
  @Get(':id')
  get() {}

  @Access('public')
  @Post()
  create() {}
}

@Controller('v1/open')
class ForgottenController {
  @Get()
  list() {}
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

@Module({ imports: [ThingsModule, { module: class Dynamic {}, controllers: [ForgottenController] }] })
class RootModule {}

describe('routeTable', () => {
  it('lists every route of a module tree with the access its handler or controller declares', () => {
    expect(routeTable(RootModule)).toEqual([
      expect.objectContaining({ method: 'GET', path: '/v1/admin/things/:id', access: ['admin'] }),
      expect.objectContaining({ method: 'POST', path: '/v1/admin/things', access: ['public'] }),
      expect.objectContaining({ method: 'GET', path: '/v1/open', access: undefined }),
    ]);
  });

  it('refuses a module tree with an undeclared route, naming it', () => {
    expect(() => assertEveryRouteDeclared(RootModule)).toThrow(
      /GET \/v1\/open \(ForgottenController\.list\)/,
    );
  });

  it('finds every route of the gateway declared, the admin API for the admin alone', () => {
    const routes = routeTable(GatewayModule);
    expect(routes.length).toBeGreaterThan(20);
    expect(() => assertEveryRouteDeclared(GatewayModule)).not.toThrow();
    for (const r of routes.filter((r) => r.path.startsWith('/v1/admin'))) expect(r.access).toEqual(['admin']);
    for (const r of routes.filter((r) => r.path.startsWith('/v1/') && !r.path.startsWith('/v1/admin')))
      expect(r.access).not.toContain('public');
  });
});
