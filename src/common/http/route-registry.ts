import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** Fastify's path, with `:name` parameters, e.g. /api/admin/users/:id/grants. */
  path: string;
}

const registries = new WeakMap<object, RegisteredRoute[]>();

/** Paths served by the OpenAPI UI plugin (static files), not by the application's controllers. */
const DOCS_PATH = /^\/api\/docs(\/|$|-json|-yaml)/;

/**
 * Records every route the application registers (the authorization matrix test checks that each has a row).
 * Must be called before the routes are added: Fastify tells onRoute hooks only about later routes.
 */
export function trackRoutes(fastify: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  registries.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    if (DOCS_PATH.test(route.url)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (!routes.some((known) => known.method === method && known.path === route.url)) {
        routes.push({ method, path: route.url });
      }
    }
  });
}

export function registeredRoutes(fastify: FastifyInstance): RegisteredRoute[] {
  return [...(registries.get(fastify) ?? [])];
}
