import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A route as the table names it: `GET /api/events/:id` (HEAD goes with GET; Nest's own parameter names). */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

const join = (...parts: string[]) => `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

/**
 * Every route of the application's router, read from the controllers Nest mounted (pages and API alike), so that a
 * route added by any module appears here without anyone listing it.
 */
export function routerRoutes(app: NestFastifyApplication): RouteKey[] {
  const keys = new Set<RouteKey>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!controller) continue;
      const bases = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '/');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const paths: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        if (paths === undefined || method === undefined) continue;
        for (const base of bases)
          for (const path of ([] as string[]).concat(paths))
            keys.add(`${RequestMethod[method]} ${join(base, path)}` as RouteKey);
      }
    }
  }
  return [...keys].sort();
}

/** Every operation of the OpenAPI document, with `{param}` written as `:param`. */
export function openApiRoutes(document: { paths: Record<string, Record<string, unknown>> }): RouteKey[] {
  const keys: RouteKey[] = [];
  for (const [path, operations] of Object.entries(document.paths))
    for (const method of Object.keys(operations))
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method))
        keys.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}` as RouteKey);
  return keys.sort();
}
