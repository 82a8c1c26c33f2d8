import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionItem } from '../../agenda/agenda-notifier.service.js';
import { AgendaService } from '../../agenda/agenda.service.js';
import type { AttendeePrincipal } from '../../accounts/access-rules.js';
import { AccessService } from '../../accounts/access.service.js';
import { BadgesService } from '../../badges/badges.service.js';
import { ParseIdPipe } from '../../common/id.js';
import { sessionsByDay } from '../../agenda/pages/agenda-pages.controller.js';
import { buildCalendar } from '../../calendar/calendar.js';
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
import { MeetingScheduleService } from '../../matchmaking/meetings/meeting-schedule.service.js';
import { ParticipantOverview } from '../../matchmaking/meetings/participant-overview.service.js';
import { explainProblems } from '../../web/field-messages.js';
import { RoadshowsService } from '../../roadshows/roadshows.service.js';
import { dict, own } from '../../common/dict.js';
import { Lru } from '../../common/lru.js';

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

/** Personal calendars kept in memory: about 5 KB each for a person following ten sessions, so at most ~25 MB. */
const FEED_CACHE_ENTRIES = 5000;

/**
 * What attendees see: the public registration form, and their personal page reached through the link in their
 * emails (no password): details, status, badge, calendar, cancel.
 */
@ApiExcludeController()
@Controller()
export class AttendeePagesController {
  /** Personal calendars by registration id, with the key they were built for (see calendarFor). */
  private readonly feeds = new Lru<number, { key: string; body: string }>(FEED_CACHE_ENTRIES);

  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly links: ManageLinks,
    private readonly badges: BadgesService,
    private readonly db: Database,
    private readonly agenda: AgendaService,
    private readonly access: AccessService,
    private readonly meetingSchedule: MeetingScheduleService,
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
  async eventIcs(@Res({ passthrough: true }) reply: FastifyReply, @Param('token') token: string): Promise<string> {
    const { registration } = await this.byToken(token, 'registration.readOwn');
    reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="event.ics"');
    return this.calendarFor(registration);
  }

  /** The private subscription feed (webcal): the event now; starred sessions and meetings as they arrive. */
  @Get('me/:token/calendar.ics')
  @Public()
  @RateLimit({ name: 'feed', limit: 120, windowSeconds: 60 })
  async feed(@Res({ passthrough: true }) reply: FastifyReply, @Param('token') token: string): Promise<string> {
    const { registration } = await this.byToken(token, 'registration.readOwn');
    reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'no-store');
    return this.calendarFor(registration);
  }

  // ---- helpers

  /**
   * A person's calendar. Calendar apps poll the feed every few minutes, so the text is kept per person (at most
   * FEED_CACHE_ENTRIES, least recently used forgotten) under a key of everything it is made of: the registration's
   * status and invitation sequence, the event and its main venue, the published programme's version, the followed
   * sessions and the person's meetings. A follow, a new publication or any other change gives a new key, on every
   * instance alike (the key is read from the database on each request; only building the calendar is saved).
   */
  private async calendarFor(registration: Registration): Promise<string> {
    const event = await this.db.manager.findOneByOrFail(Event, { id: registration.eventId });
    const venue = await this.db.manager.findOneBy(Venue, { eventId: event.id, kind: 'main' });
    const active = registration.status !== 'cancelled' && registration.status !== 'rejected';
    const starredIds = active ? await this.agenda.starredIds(registration.id) : [];
    const version = await this.agenda.latest(event.id);
    const meetings = active ? await this.meetingSchedule.calendarItems(registration.id) : [];
    const key = [
      registration.status,
      registration.inviteSequence,
      event.updatedAt.getTime(),
      venue ? `${venue.id}:${venue.name}:${venue.address ?? ''}` : '',
      version?.id ?? 0,
      starredIds.join(','),
      meetings.length ? JSON.stringify(meetings) : '',
      this.config.appUrl,
    ].join('|');
    const cached = this.feeds.get(registration.id);
    if (cached?.key === key) return cached.body;
    const body = this.buildFeed(registration, event, venue, active, new Set(starredIds), version, meetings);
    this.feeds.set(registration.id, { key, body });
    return body;
  }

  private buildFeed(
    registration: Registration,
    event: Event,
    venue: Venue | null,
    active: boolean,
    starred: Set<number>,
    version: Awaited<ReturnType<AgendaService['latest']>>,
    meetings: Awaited<ReturnType<MeetingScheduleService['calendarItems']>>,
  ): string {
    const host = new URL(this.config.appUrl).hostname;
    const published = version?.snapshot.sessions ?? [];
    const sessions = published
      .filter((s) => starred.has(s.id))
      .map((s) => sessionItem(event, s, s.sequence, this.config.appUrl));
    return buildCalendar(
      active
        ? [
            {
              kind: 'event',
              id: event.id,
              eventId: event.id,
              sequence: registration.inviteSequence,
              start: event.startsAt,
              end: event.endsAt,
              summary: event.title,
              description: [event.titleEn, `${this.config.appUrl}/events/${event.slug}`].filter(Boolean).join('\n'),
              location: venue ? [venue.name, venue.address].filter(Boolean).join(' · ') : undefined,
              url: `${this.config.appUrl}/events/${event.slug}`,
            },
            ...sessions,
            ...meetings,
          ]
        : [],
      { host, method: 'PUBLISH', name: event.title },
    );
  }

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
