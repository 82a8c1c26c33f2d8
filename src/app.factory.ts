import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LogController } from 'fastify';
import helmet from 'helmet';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { UPLOAD_LIMITS } from './registration/registration-import.service.js';
import { TEMPLATES_DIR } from './common/paths.js';
import { GroupCommit } from './database/group-commit.js';
import { SecretsService } from './settings/secrets.service.js';
import { registerRequestBodyGuards } from './web/request-body.js';
import { registerPageReplies } from './web/page-replies.js';
import { registerWebHooks } from './web/web.hooks.js';

/**
 * Security headers (helmet) with a Content-Security-Policy that our pages satisfy: scripts only from this
 * origin (no inline script or event-handler attribute in any template), images also as data:/blob: (QR codes),
 * the scanner's service worker from this origin, no framing. Styles allow 'unsafe-inline' because templates set
 * data-driven `style` attributes (agenda grid positions, category colours); no template has a <style> element.
 * HSTS only when cookies are HTTPS-only (COOKIE_SECURE, default when APP_URL is https).
 */
export function securityHeaders(config: AppConfig) {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        ...(config.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'same-origin' as const },
    strictTransportSecurity: config.cookieSecure ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  };
}

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
  // Files over the limit are cut short and flagged rather than failing the request, so the import page can say so.
  await app.register(fastifyMultipart, { throwFileSizeLimit: false, limits: UPLOAD_LIMITS });
  registerRequestBodyGuards(fastify, UPLOAD_LIMITS);
  await app.register(fastifyStatic, {
    root: join(TEMPLATES_DIR, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1h',
  });
  registerWebHooks(fastify, { secureCookies: config.cookieSecure, csrfSigner: app.get(SecretsService) });
  registerPageReplies(fastify);
  // Helmet's middleware, built once: @fastify/helmet builds it again for every request (parsing the CSP each time),
  // which cost a registration burst more than its JSON parsing. The same headers, on every route, in the same place.
  const applySecurityHeaders = helmet(securityHeaders(config));
  fastify.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  fastify.addHook('onRequest', async (_request, reply) => {
    // The scanner page uses this origin's camera; nothing uses the microphone, location or payment features.
    reply.header('permissions-policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()');
  });
  // Group commits keep their groups small while new connections arrive (see GroupCommit.accepted).
  fastify.server.on('connection', () => GroupCommit.connectionAccepted());
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
