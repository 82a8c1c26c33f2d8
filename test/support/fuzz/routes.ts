import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A JSON schema as the OpenAPI document gives it (components referenced by $ref). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | Schema;
  example?: unknown;
}

export interface QueryParam {
  name: string;
  required: boolean;
  schema: Schema;
}

/** One route the fuzzer drives: from the OpenAPI document (the JSON API) or from the controllers (pages, forms). */
export interface FuzzRoute {
  method: HttpMethod;
  /** The router's pattern, `:name` for parameters. */
  path: string;
  params: string[];
  kind: 'api' | 'page';
  /** The JSON body's schema (API routes that take one). */
  body?: Schema;
  /** The route takes a file (multipart/form-data). */
  upload?: boolean;
  query: QueryParam[];
  /** Field names of the form a page posts, read from the page that shows it (page POST routes). */
  formFields?: string[];
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS: Record<number, HttpMethod | undefined> = { 0: 'GET', 1: 'POST', 2: 'PUT', 3: 'DELETE', 4: 'PATCH' };

/** Every route the controllers declare, as `METHOD /pattern` (Nest's metadata: what the router serves). */
export function controllerRoutes(app: NestFastifyApplication): { method: HttpMethod; path: string }[] {
  const out: { method: HttpMethod; path: string }[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctor = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!ctor) continue;
      const base = [Reflect.getMetadata('path', ctor) as string | string[] | undefined].flat()[0] ?? '';
      const proto = ctor.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = METHODS[Reflect.getMetadata('method', handler) as number];
        const paths = Reflect.getMetadata('path', handler) as string | string[] | undefined;
        if (!method || paths === undefined) continue;
        for (const p of [paths].flat()) {
          const full = `/${[base, p]
            .map((s) => s.replace(/^\/+|\/+$/g, ''))
            .filter(Boolean)
            .join('/')}`;
          out.push({ method, path: full });
        }
      }
    }
  }
  return out;
}

const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
const key = (method: string, path: string) => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`;

/**
 * The routes to fuzz: the JSON API as the OpenAPI document describes it (body schemas, query parameters), and every
 * other route the controllers declare (pages and form posts). A module merged later is picked up by both.
 */
export function discoverRoutes(app: NestFastifyApplication, doc: OpenApiDocument): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  const seen = new Set<string>();
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(operations)) {
      const method = m.toUpperCase() as HttpMethod;
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const pattern = path.replace(/\{(\w+)\}/g, ':$1');
      const content = op.requestBody?.content ?? {};
      routes.push({
        method,
        path: pattern,
        params: paramsOf(pattern),
        kind: 'api',
        body: content['application/json']?.schema,
        upload: 'multipart/form-data' in content,
        query: (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema ?? { type: 'string' } })),
      });
      seen.add(key(method, pattern));
    }
  }
  for (const route of controllerRoutes(app)) {
    if (seen.has(key(route.method, route.path)) || route.path.startsWith('/api/docs')) continue;
    seen.add(key(route.method, route.path));
    routes.push({
      ...route,
      params: paramsOf(route.path),
      kind: route.path.startsWith('/api/') ? 'api' : 'page',
      upload: /\/import$/.test(route.path) && route.method === 'POST',
      query: [],
    });
  }
  return routes.sort((a, b) => key(a.method, a.path).localeCompare(key(b.method, b.path)));
}

/** Resolves `$ref` (and merges `allOf`) against the document's components. */
export function resolve(schema: Schema | undefined, doc: OpenApiDocument, depth = 0): Schema {
  if (!schema || depth > 8) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc.components?.schemas?.[name], doc, depth + 1);
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => resolve(s, doc, depth + 1));
    return parts.reduce<Schema>(
      (all, s) => ({
        ...all,
        ...s,
        properties: { ...all.properties, ...s.properties },
        required: [...(all.required ?? []), ...(s.required ?? [])],
      }),
      {},
    );
  }
  return schema;
}
