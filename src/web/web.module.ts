import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { ErrorsFilter } from './errors.filter.js';
import { Views } from './views.service.js';
import { WebResponseInterceptor } from './web-response.interceptor.js';

/**
 * The page kit every feature's pages use: the template engine and layout (Views), forms and html helpers, the CSRF
 * guard (registered with the other guards in AccountsModule, in order), one errors filter for API and pages, and
 * the interceptor that turns page results into responses. Global: feature modules do not import it.
 */
@Global()
@Module({
  providers: [
    Views,
    { provide: APP_FILTER, useClass: ErrorsFilter },
    { provide: APP_INTERCEPTOR, useClass: WebResponseInterceptor },
  ],
  exports: [Views],
})
export class WebModule {}
