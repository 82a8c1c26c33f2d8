import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgendaService } from '../../agenda/agenda.service.js';
import type { AttendeePrincipal } from '../../accounts/access-rules.js';
import { AccessService } from '../../accounts/access.service.js';
import { BadgesService } from '../../badges/badges.service.js';
import { ParseIdPipe } from '../../common/id.js';
import { sessionsByDay } from '../../agenda/pages/agenda-pages.controller.js';
import { Public, RateLimit } from '../../common/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Inject } from '@nestjs/common';
import { Database } from '../../database/database.service.js';
import type { FieldProblem } from '../../common/domain-error.js';
import { Venue } from '../../events/venue.entity.js';
import { EventsService } from '../../events/events.service.js';
import { AttendeeCategory } from '../../registration/attendee-category.entity.js';
import { CreateRegistrationDto, UpdateOwnRegistrationDto } from '../../registration/dto/registration.dto.js';
import { ManageLinks } from '../../registration/manage-links.service.js';
import type { RegistrationQuestion } from '../../registration/registration-question.entity.js';
import { Registration, type Answers } from '../../registration/registration.entity.js';
import { RegistrationError } from '../../registration/registration.errors.js';
import { RegistrationsService } from '../../registration/registrations.service.js';
import { Event } from '../../events/event.entity.js';
import { cleanFormBody, handleForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { NOT_A_PAGE } from '../../web/web.hooks.js';
import { PersonalFeeds } from '../personal-feeds.service.js';
import { ParticipantOverview } from '../../matchmaking/meetings/participant-overview.service.js';
import { explainProblems } from '../../web/field-messages.js';
import { RoadshowsService } from '../../roadshows/roadshows.service.js';
import { dict, own } from '../../common/dict.js';

/** Answers arrive as `q.<code>` fields; multiple choices as repeated fields (an array) or one value. */
function answersFrom(values: Record<string, unknown>, questions: RegistrationQuestion[]): Answers {
  const answers: Answers = dict();
  for (const q of questions) {
    const raw = own(values, `q.${q.code}`);
    delete values[`q.${q.code}`];
    if (raw === undefined) continue;
    if (q.kind === 'multiple') answers[q.code] = (Array.isArray(raw) ? raw : [raw]).map(String);
    else answers[q.code] = String(Array.isArray(raw) ? raw[0] : raw);
  }
  return answers;
}

/** Answers back into form values, for showing a form again with what was typed. */
function answerValues(answers: Answers | null | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answers ?? {}).map(([k, v]) => [`q.${k}`, v]));
}

/**
 * What attendees see: the public registration form, and their personal page reached through the link in their
 * emails (no password): details, status, badge, calendar, cancel.
 */
@ApiExcludeController()
@Controller()
export class AttendeePagesController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly links: ManageLinks,
    private readonly badges: BadgesService,
    private readonly db: Database,
    private readonly agenda: AgendaService,
    private readonly access: AccessService,
    private readonly feeds: PersonalFeeds,
    private readonly meetings: ParticipantOverview,
    private readonly roadshows: RoadshowsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- the public form

  @Get('events/:slug/register')
  @Public()
  async form(@Req() request: FastifyRequest, @Param('slug') slug: string): Promise<Html> {
    return this.formPage(request, slug, {}, []);
  }

  @Post('events/:slug/register')
  @Public()
  @RateLimit({ name: 'register-page', limit: 60, windowSeconds: 60 })
  async register(
    @Req() request: FastifyRequest,
    @Param('slug') slug: string,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const event = await this.events.visible(request.principal ?? null, slug);
    const form = await this.registrations.form(event.id);
    return handleForm({
      dto: CreateRegistrationDto,
      body,
      read: (values) => {
        const fields = { ...values };
        const answers = answersFrom(fields, form.questions);
        // With several categories on offer, a missing choice is told together with the other fields' problems.
        const errors: FieldProblem[] =
          values.category === undefined && form.categories.length > 1
            ? [{ field: 'category', reason: 'choose an attendee category' }]
            : [];
        const dto = { ...fields, answers, consent: values.consent === 'yes', locale: values.locale ?? request.locale };
        return { dto, errors };
      },
      run: (valid) => this.registrations.register(event.id, valid, 'form'),
      onSuccess: async ({ registration, created }) => {
        if (!created) return redirect(`/events/${slug}/register/sent`);
        return redirect(`/me/${await this.links.token(registration)}`, {
          kind: 'success',
          key: `attendee.registered.${registration.status}`,
        });
      },
      rerender: (errors, values) => this.formPage(request, slug, values, errors),
    });
  }

  @Get('events/:slug/register/sent')
  @Public()
  async sent(@Req() request: FastifyRequest, @Param('slug') slug: string): Promise<Html> {
    const event = await this.events.visible(request.principal ?? null, slug);
    return this.views.page(
      request,
      'public/register-sent',
      { event, timezone: event.timezone },
      { title: 'attendee.sent.title' },
    );
  }

  // ---- the personal page

  @Get('me/:token')
  @Public()
  @RateLimit({ name: 'personal-page', limit: 300, windowSeconds: 60 })
  async me(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<Html> {
    const { registration } = await this.byToken(token, 'registration.readOwn');
    reply.header('cache-control', 'no-store');
    return this.personalPage(request, registration, token, {});
  }

  @Post('me/:token')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async update(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const { registration } = await this.byToken(token, 'registration.updateOwn');
    const form = await this.registrations.form(registration.eventId);
    return handleForm({
      dto: UpdateOwnRegistrationDto,
      body,
      read: (values) => {
        const fields = { ...values };
        const answers = answersFrom(fields, form.questions);
        return { dto: { ...fields, answers } };
      },
      run: (dto) => this.registrations.updateOwn(registration.id, dto),
      onSuccess: () => redirect(`/me/${token}`, { kind: 'success', key: 'attendee.me.saved' }),
      rerender: (errors, values) => this.personalPage(request, registration, token, { values, errors }),
    });
  }

  @Post('me/:token/cancel')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async cancel(@Param('token') token: string): Promise<Redirect> {
    const { registration } = await this.byToken(token, 'registration.updateOwn');
    await this.registrations.cancel(registration.id);
    return redirect(`/me/${token}`, { kind: 'success', key: 'attendee.me.cancelled' });
  }

  /** Follows (starred=1) or unfollows a published session. */
  @Post('me/:token/stars/:sessionId')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async star(
    @Param('token') token: string,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const { registration, attendee } = await this.byToken(token, 'registration.updateOwn');
    if (cleanFormBody(body).starred === '0') await this.agenda.unstar(registration.id, sessionId);
    else await this.agenda.star(attendee, sessionId);
    return redirect(`/me/${token}#s-${sessionId}`);
  }

  @Get('me/:token/badge.png')
  @Public()
  async badgePng(@Res({ passthrough: true }) reply: FastifyReply, @Param('token') token: string): Promise<Buffer> {
    const code = await this.badgeCode(token);
    reply
      .header('content-type', 'image/png')
      .header('cache-control', 'no-store')
      .header('content-disposition', 'inline; filename="badge.png"');
    return this.badges.qrPng(code, { level: 'Q', scale: 10 });
  }

  @Get('me/:token/badge.svg')
  @Public()
  async badgeSvg(@Res({ passthrough: true }) reply: FastifyReply, @Param('token') token: string): Promise<string> {
    const code = await this.badgeCode(token);
    reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'no-store');
    return this.badges.qrSvg(code, { level: 'Q' });
  }

  /** The event as a one-off .ics download. */
  @Get('me/:token/event.ics')
  @Public()
  @RouteConfig(NOT_A_PAGE)
  async eventIcs(@Res({ passthrough: true }) reply: FastifyReply, @Param('token') token: string): Promise<Buffer> {
    const { body } = await this.feeds.feed(token);
    reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', 'attachment; filename="event.ics"');
    return body!;
  }

  /**
   * The private subscription feed (webcal): the event now; starred sessions and meetings as they arrive. Calendar
   * apps that send the ETag back (If-None-Match) get a 304 while nothing changed; `private, no-cache` lets them keep
   * the copy and ask each time, and keeps it out of shared caches (the link is a secret).
   */
  @Get('me/:token/calendar.ics')
  @Public()
  @RateLimit({ name: 'feed', limit: 120, windowSeconds: 60 })
  @RouteConfig(NOT_A_PAGE)
  async feed(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<Buffer | undefined> {
    const { etag, body } = await this.feeds.feed(token, request.headers['if-none-match']);
    reply.header('cache-control', 'private, no-cache').header('etag', etag);
    if (body) reply.header('content-type', 'text/calendar; charset=utf-8');
    else reply.status(304);
    return body;
  }

  // ---- helpers

  /**
   * The registration a personal link names: the link's signature makes its holder that registration's attendee,
   * and the access service decides what the attendee may do with it.
   */
  private async byToken(
    token: string,
    permission: 'registration.readOwn' | 'registration.updateOwn',
  ): Promise<{ registration: Registration; attendee: AttendeePrincipal }> {
    const parsed = this.links.parse(token);
    const registration = parsed ? await this.db.manager.findOneBy(Registration, { id: parsed.id }) : null;
    if (!registration || !parsed || !(await this.links.verify(registration, parsed.signature))) {
      throw new RegistrationError('link_invalid');
    }
    const attendee: AttendeePrincipal = {
      kind: 'attendee',
      registrationId: registration.id,
      eventId: registration.eventId,
    };
    await this.access.requireAccess(attendee, permission, registration.id);
    return { registration, attendee };
  }

  private async badgeCode(token: string): Promise<string> {
    const { registration } = await this.byToken(token, 'registration.readOwn');
    const badge = registration.status === 'confirmed' ? await this.badges.current(registration.id) : null;
    if (!badge) throw new RegistrationError('registration_not_found');
    return badge.code;
  }

  private async formPage(
    request: FastifyRequest,
    slug: string,
    values: Record<string, unknown>,
    errors: FieldProblem[],
  ): Promise<Html> {
    const event = await this.events.visible(request.principal ?? null, slug);
    const form = await this.registrations.form(event.id);
    // One category on offer: it is chosen already.
    const only = form.categories.length === 1 ? { category: form.categories[0].code } : {};
    return this.views.page(
      request,
      'public/register',
      {
        event,
        timezone: event.timezone,
        form,
        values: { locale: request.locale, ...only, ...values },
        errors: explainProblems(this.views.translator, request.locale, errors, {
          scope: 'attendee.errors',
          values,
          questions: form.questions,
        }),
      },
      { title: 'attendee.register.title', status: errors.length ? 400 : 200 },
    );
  }

  private async personalPage(
    request: FastifyRequest,
    registration: Registration,
    token: string,
    extra: { values?: Record<string, unknown>; errors?: FieldProblem[] },
  ): Promise<Html> {
    const event = await this.db.manager.findOneByOrFail(Event, { id: registration.eventId });
    const [category, form, badge, venue] = await Promise.all([
      this.db.manager.findOneByOrFail(AttendeeCategory, { id: registration.categoryId }),
      this.registrations.form(event.id),
      registration.status === 'confirmed' ? this.badges.current(registration.id) : Promise.resolve(null),
      this.db.manager.findOneBy(Venue, { eventId: event.id, kind: 'main' }),
    ]);
    const base = `/me/${token}`;
    const starred = new Set(await this.agenda.starredIds(registration.id));
    const published = (await this.agenda.latest(event.id))?.snapshot.sessions ?? [];
    const programme = sessionsByDay(published, event.timezone).map((day) => ({
      ...day,
      sessions: day.sessions.map((session) => ({ session, starred: starred.has(session.id) })),
    }));
    const feedUrl = `${this.config.appUrl}${base}/calendar.ics`;
    const active = registration.status !== 'cancelled' && registration.status !== 'rejected';
    const meetings = active ? await this.meetings.of(registration) : { sessions: [], meetings: [] };
    const roadshowProjects = (await this.roadshows.list(event.id)).reduce((n, r) => n + r.projects.length, 0);
    return this.views.page(
      request,
      'attendee/me',
      {
        registration,
        event,
        venue,
        category,
        timezone: event.timezone,
        questions: form.questions,
        programme,
        myAgenda: published.filter((s) => starred.has(s.id)),
        meetingSessions: meetings.sessions,
        meetings: meetings.meetings,
        roadshowProjects,
        badgeSvg: badge ? await this.badges.qrSvg(badge.code) : undefined,
        base,
        feedUrl,
        webcalUrl: feedUrl.replace(/^https?:/, 'webcal:'),
        editable: active && new Date() < event.startsAt,
        cancellable: active,
        values: extra.values ?? {
          name: registration.name,
          phone: registration.phone,
          organisation: registration.organisationName,
          title: registration.title,
          locale: registration.locale,
          ...answerValues(registration.answers),
        },
        errors: explainProblems(this.views.translator, request.locale, extra.errors ?? [], {
          scope: 'attendee.errors',
          values: extra.values ?? {},
          questions: form.questions,
        }),
      },
      { title: 'attendee.me.title', area: 'attendee', status: extra.errors?.length ? 400 : 200 },
    );
  }
}
