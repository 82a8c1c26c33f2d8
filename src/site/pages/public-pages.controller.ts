import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth.decorators.js';
import { AgendaService } from '../../agenda/agenda.service.js';
import { EventsService } from '../../events/events.service.js';
import { sessionsByDay } from '../../agenda/pages/agenda-pages.controller.js';
import { RegistrationsService } from '../../registration/registrations.service.js';
import type { Html } from '../../web/html.js';
import { Views } from '../../web/views.service.js';

@ApiExcludeController()
@Controller()
export class PublicPagesController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly agenda: AgendaService,
  ) {}

  @Get()
  @Public()
  async home(@Req() request: FastifyRequest): Promise<Html> {
    const events = await this.events.list('published');
    return this.views.page(request, 'public/home', { events }, { title: 'home.title' });
  }

  @Get('events/:slug')
  @Public()
  async event(@Req() request: FastifyRequest, @Param('slug') slug: string): Promise<Html> {
    const event = await this.events.visible(request.principal ?? null, slug);
    const details = await this.events.details(event);
    const form = await this.registrations.form(event.id);
    // Offered when the form is open (published, within its dates, with a public category); otherwise why not.
    const registration = { open: form.open, reason: form.reason };
    const title = request.locale === 'en' && event.titleEn ? event.titleEn : event.title;
    const byRole = (role: string) => details.organisations.filter((o) => o.role === role).map((o) => o.organisation);
    return this.views.page(
      request,
      'public/event',
      {
        ...details,
        timezone: event.timezone,
        hosts: byRole('host'),
        organisers: byRole('organiser'),
        supporters: byRole('supporter'),
        days: sessionsByDay((await this.agenda.latest(event.id))?.snapshot.sessions ?? [], event.timezone),
        mainVenues: details.venues.filter((v) => v.kind === 'main'),
        subVenues: details.venues.filter((v) => v.kind === 'sub'),
        isDraft: event.status === 'draft',
        registration,
      },
      { title },
    );
  }
}
