import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS, Audience } from '@cx/auth';

/** One route the gateway serves, as its controller declares it, with the audiences it admits. */
export interface RouteEntry {
  method: string;
  /** The path pattern, `:param` for parameters, always with a leading slash. */
  path: string;
  controller: string;
  handler: string;
  access: Audience[] | undefined;
}

type ModuleRef =
  Type<unknown> | { module: Type<unknown>; controllers?: Type<unknown>[]; imports?: unknown[] };

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

function controllersOf(root: ModuleRef, seen = new Set<unknown>()): Type<unknown>[] {
  if (!root || seen.has(root)) return [];
  seen.add(root);
  const dynamic = typeof root === 'object' ? root : undefined;
  const moduleClass = dynamic ? dynamic.module : (root as Type<unknown>);
  const read = (key: string) => (Reflect.getMetadata(key, moduleClass) as unknown[] | undefined) ?? [];
  const controllers = [
    ...(read(MODULE_METADATA.CONTROLLERS) as Type<unknown>[]),
    ...(dynamic?.controllers ?? []),
  ];
  const imports = [...read(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])] as ModuleRef[];
  return [...controllers, ...imports.flatMap((m) => controllersOf(m, seen))];
}

/**
 * Every route a module tree declares, read from the controllers' metadata: what the start-up check and the security
 * tests walk, so a route added tomorrow is covered without anyone listing it.
 */
export function routeTable(root: ModuleRef): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const controller of new Set(controllersOf(root))) {
    const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (paths === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const access = (Reflect.getMetadata(ACCESS, handler) ?? Reflect.getMetadata(ACCESS, controller)) as
        Audience[] | undefined;
      for (const b of base)
        for (const p of [paths].flat())
          routes.push({ method, path: join(b, p), controller: controller.name, handler: name, access });
    }
  }
  return routes;
}

/** Refuses to start a gateway with a route that does not say who may call it (deny by default, loudly). */
export function assertEveryRouteDeclared(root: ModuleRef): void {
  const undeclared = routeTable(root).filter((r) => !r.access || r.access.length === 0);
  if (undeclared.length > 0) {
    const list = undeclared.map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`).join(', ');
    throw new Error(`routes without an @Access declaration: ${list}`);
  }
}
