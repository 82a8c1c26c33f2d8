import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ErrorsFilter } from './errors.filter.js';
import { Views } from './views.service.js';

/**
 * The page kit every feature's pages use: the template engine and layout (Views), forms and html helpers, the CSRF
 * guard (registered with the other guards in AccountsModule, in order) and one errors filter for API and pages (page
 * results become replies in a Fastify hook, `registerPageReplies`). Global: feature modules do not import it.
 */
@Global()
@Module({
  providers: [Views, { provide: APP_FILTER, useClass: ErrorsFilter }],
  exports: [Views],
})
export class WebModule {}
