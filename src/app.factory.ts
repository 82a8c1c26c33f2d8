import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LogController } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { MULTIPART_OPTIONS } from './registration/registration-import.service.js';
import { TEMPLATES_DIR } from './common/paths.js';
import { registerWebHooks } from './web/web.hooks.js';

const NEST_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  silent: [],
};

/**
 * Builds the whole application (used by main.ts, the CLI and the tests alike). Request logs are JSON lines
 * naming the route pattern, never the concrete URL, so tokens and personal data in paths stay out of logs.
 */
export async function createApp(
  config: AppConfig,
  options: { logStream?: NodeJS.WritableStream } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // TLS_CERT_FILE / TLS_KEY_FILE: HTTPS served directly (phone cameras need a secure origin).
    ...(config.tls
      ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } }
      : {}),
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            base: undefined,
            serializers: { req: () => ({}), res: () => ({}) },
            stream: options.logStream,
          },
  });
  const logger = new ConsoleLogger({ logLevels: NEST_LEVELS[config.logLevel] });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: NEST_LEVELS[config.logLevel].length ? logger : false,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyCookie as never);
  await app.register(fastifyMultipart, MULTIPART_OPTIONS);
  await app.register(fastifyStatic, {
    root: join(TEMPLATES_DIR, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1h',
  });
  registerWebHooks(fastify, { secureCookies: config.cookieSecure });
  fastify.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  app.useGlobalPipes(createValidationPipe());

  const openApi = new DocumentBuilder()
    .setTitle('Duijie API')
    .setDescription(
      'Events, organisations and accounts of Duijie (对接). Sign in with POST /api/auth/login and send the token as a bearer token.',
    )
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
