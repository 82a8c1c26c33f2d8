import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, statusOf, type FieldProblem } from '../common/domain-error.js';
import { Views } from './views.service.js';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  fields?: FieldProblem[];
  details?: Record<string, unknown>;
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * The one place where errors become replies: domain errors by their kind, framework and parser errors by their
 * status, anything else as a logged 500. API clients get JSON; people get a page in their language.
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(Views) private readonly views: Views) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception, request);
    const retryAfter = exception instanceof DomainError ? exception.details.retryAfterSeconds : undefined;
    if (body.statusCode === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    const isApi = request.url.startsWith('/api/') || request.url === '/api' || request.url.startsWith('/health');
    if (isApi || !request.locale) {
      void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
      return;
    }
    if (body.statusCode === 401) {
      const next = encodeURIComponent(request.url);
      void reply.status(303).header('location', `/login?next=${next}`).send();
      return;
    }
    const html = this.views.page(
      request,
      'error',
      { statusCode: body.statusCode, code: body.error, fields: body.fields, messageKey: `errors.${body.error}` },
      { status: body.statusCode, title: 'errors.title' },
    );
    void reply.status(html.status).header('content-type', 'text/html; charset=utf-8').send(html.body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    const en = (code: string) => {
      const key = `errors.${code}`;
      return this.views.translator.has('en', key) ? this.views.t('en', key) : code.replace(/_/g, ' ');
    };
    if (exception instanceof DomainError) {
      const body: ErrorBody = {
        statusCode: statusOf(exception.kind),
        error: exception.code,
        message: en(exception.code),
      };
      if (exception.fields.length > 0) {
        body.fields = exception.fields.map(({ field, reason }) => ({ field, reason }));
        body.message = exception.fields.map((f) => `${f.field}: ${f.reason}`).join('; ');
      }
      if (Object.keys(exception.details).length > 0) body.details = exception.details;
      return body;
    }
    const status =
      exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = HTTP_CODES[status] ?? 'bad_request';
      const raw = exception instanceof Error ? exception.message : '';
      // Parser errors (malformed JSON, wrong content type) name the problem; pass that on without internals.
      const message = status === 404 ? en('not_found') : raw && raw.length < 200 ? raw : en(code);
      return { statusCode: status, error: code, message };
    }
    this.logger.error(
      { method: request.method, route: request.routeOptions?.url ?? 'unknown', err: exception },
      'Unhandled error',
    );
    return { statusCode: 500, error: 'internal_error', message: 'Internal error' };
  }
}
