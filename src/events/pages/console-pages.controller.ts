import { Body, Controller, Get, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { InviteDto } from '../../accounts/dto/accounts.dto.js';
import { UsersService } from '../../accounts/users.service.js';
import { CurrentPrincipal, Roles } from '../../common/auth.decorators.js';
import { DomainError, type FieldProblem } from '../../common/domain-error.js';
import { isValidTimeZone, localToUtc, utcToLocalInput } from '../../common/time.js';
import { CreateOrganisationDto } from '../../directory/dto/organisation.dto.js';
import { ORGANISATION_KINDS } from '../../directory/organisation.entity.js';
import { OrganisationsService } from '../../directory/organisations.service.js';
import { CreateEventDto, RoomDto, UpdateEventDto, VenueDto, ZoneDto } from '../dto/event.dto.js';
import { EVENT_ORGANISATION_ROLES, type EventOrganisationRole } from '../event-organisation.entity.js';
import type { Event, EventStatus } from '../event.entity.js';
import { EventsService } from '../events.service.js';
import { cleanFormBody, handleForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import type { Principal } from '../../common/request-context.js';
import { Views } from '../../web/views.service.js';
import { ParseIdPipe } from '../../common/id.js';

const EVENT_FIELDS = [
  'slug',
  'title',
  'titleEn',
  'shortTitle',
  'shortTitleEn',
  'theme',
  'themeEn',
  'description',
  'descriptionEn',
  'seriesId',
  'edition',
  'timezone',
];

/** Form values (local wall times in the event's zone) → API DTO values (UTC ISO strings). */
function eventFormToDto(values: Record<string, unknown>): { dto: Record<string, unknown>; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const timezone =
    typeof values.timezone === 'string' && isValidTimeZone(values.timezone) ? values.timezone : 'Asia/Shanghai';
  const dto: Record<string, unknown> = {};
  for (const key of EVENT_FIELDS) if (values[key] !== undefined) dto[key] = values[key];
  for (const key of ['startsAt', 'endsAt'] as const) {
    const raw = values[key];
    if (raw === undefined) continue;
    const utc = typeof raw === 'string' ? localToUtc(raw, timezone) : undefined;
    if (utc) dto[key] = utc.toISOString();
    else errors.push({ field: key, reason: 'a date and time is required' });
  }
  return { dto, errors };
}

/** The zones most events here use come first, then every other zone the runtime knows. */
const COMMON_TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Urumqi',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
];
const OTHER_TIME_ZONES = Intl.supportedValuesOf('timeZone').filter((zone) => !COMMON_TIME_ZONES.includes(zone));

/** The time zone list of the event form; a zone stored before and not listed (an alias) stays selectable. */
function timeZoneChoices(current: unknown): { common: string[]; other: string[] } {
  const extra =
    typeof current === 'string' && isValidTimeZone(current) && !COMMON_TIME_ZONES.includes(current) ? [current] : [];
  return { common: COMMON_TIME_ZONES, other: [...new Set([...extra, ...OTHER_TIME_ZONES])] };
}

function eventFormValues(event: Event): Record<string, unknown> {
  return {
    ...event,
    startsAt: utcToLocalInput(event.startsAt, event.timezone),
    endsAt: utcToLocalInput(event.endsAt, event.timezone),
  };
}

/** The organiser console: events and their places, organisations, and the team. */
@ApiExcludeController()
@Controller('console')
export class ConsolePagesController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(EventsService) private readonly events: EventsService,
    @Inject(OrganisationsService) private readonly organisations: OrganisationsService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  @Get()
  @Roles('organiser')
  async dashboard(@Req() request: FastifyRequest): Promise<Html> {
    const [events, series] = await Promise.all([this.events.list('all'), this.events.listSeries()]);
    const groups = (['draft', 'published', 'closed'] as EventStatus[]).map((status) => ({
      status,
      events: events.filter((e) => e.status === status),
    }));
    return this.views.page(
      request,
      'console/dashboard',
      { groups, count: events.length, series },
      { title: 'console.dashboard.title', area: 'console' },
    );
  }

  // ---- events

  @Get('events/new')
  @Roles('organiser')
  async newEvent(@Req() request: FastifyRequest): Promise<Html> {
    return this.eventForm(request, { timezone: 'Asia/Shanghai' }, []);
  }

  @Post('events/new')
  @Roles('organiser')
  async createEvent(@Req() request: FastifyRequest, @Body() body: unknown): Promise<Html | Redirect> {
    return handleForm({
      dto: CreateEventDto,
      body,
      read: eventFormToDto,
      run: (valid) => this.events.create(valid),
      onSuccess: (event) => redirect(`/console/events/${event.id}`, { kind: 'success', key: 'console.event.created' }),
      rerender: (errors, values) => this.eventForm(request, values, errors),
    });
  }

  /** The slug the new-event form proposes while the title is typed (the form's script asks; JSON). */
  @Get('slug')
  @Roles('organiser')
  async slug(@Query('title') title?: string): Promise<{ slug: string }> {
    const text = typeof title === 'string' ? title.trim().slice(0, 300) : '';
    return { slug: text ? await this.events.proposeSlug(text) : '' };
  }

  @Get('events/:id')
  @Roles('organiser')
  async event(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number): Promise<Html> {
    return this.eventPage(request, await this.events.get(id));
  }

  @Post('events/:id')
  @Roles('organiser')
  async updateEvent(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const event = await this.events.get(id);
    return handleForm({
      dto: UpdateEventDto,
      body,
      read: (values) => {
        const reading = eventFormToDto(values);
        // Optional texts left empty are cleared (null), in the same single update as the rest.
        for (const key of [
          'titleEn',
          'shortTitle',
          'shortTitleEn',
          'theme',
          'themeEn',
          'description',
          'descriptionEn',
          'seriesId',
          'edition',
        ]) {
          if (!(key in values)) reading.dto[key] = null;
        }
        return reading;
      },
      run: (valid) => this.events.update(id, valid),
      onSuccess: () => redirect(`/console/events/${id}`, { kind: 'success', key: 'console.saved' }),
      rerender: (errors, values) => this.eventPage(request, event, { values, errors }),
    });
  }

  /** Publishing an event that lacks a venue, a description or an open category first shows what is missing. */
  @Post('events/:id/status')
  @Roles('organiser')
  async setStatus(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const values = cleanFormBody(body);
    const to = values.status;
    if (to !== 'draft' && to !== 'published' && to !== 'closed') return redirect(`/console/events/${id}`);
    if (to === 'published' && values.confirm !== 'yes') {
      const { publishWarnings } = await this.events.readiness(id);
      if (publishWarnings.length > 0) {
        return this.eventPage(request, await this.events.get(id), { publishCheck: publishWarnings });
      }
    }
    await this.events.transition(id, to);
    return redirect(`/console/events/${id}`, { kind: 'success', key: `console.event.status.${to}` });
  }

  @Post('events/:id/delete')
  @Roles('organiser')
  async deleteEvent(@Param('id', ParseIdPipe) id: number): Promise<Redirect> {
    try {
      await this.events.remove(id);
    } catch (error) {
      // People registered: the event is cancelled instead (the form below the page's head), never deleted.
      if (error instanceof DomainError && error.code === 'event_has_registrations')
        return redirect(`/console/events/${id}#cancel-event`, { kind: 'error', key: 'errors.event_has_registrations' });
      throw error;
    }
    return redirect('/console', { kind: 'success', key: 'console.event.deleted' });
  }

  @Post('events/:id/venues')
  @Roles('organiser')
  async addVenue(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    return handleForm({
      dto: VenueDto,
      body,
      run: (dto) => this.events.addVenue(id, dto),
      onSuccess: () => redirect(`/console/events/${id}#places`, { kind: 'success', key: 'console.saved' }),
      rerender: async (errors, values) =>
        this.eventPage(request, await this.events.get(id), { venueValues: values, venueErrors: errors }),
    });
  }

  @Post('events/:id/venues/:venueId/delete')
  @Roles('organiser')
  async removeVenue(
    @Param('id', ParseIdPipe) id: number,
    @Param('venueId', ParseIdPipe) venueId: number,
  ): Promise<Redirect> {
    await this.events.removeVenue(id, venueId);
    return redirect(`/console/events/${id}#places`, { kind: 'success', key: 'console.deleted' });
  }

  @Post('events/:id/venues/:venueId/rooms')
  @Roles('organiser')
  async addRoom(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('venueId', ParseIdPipe) venueId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    return handleForm({
      dto: RoomDto,
      body,
      run: (dto) => this.events.addRoom(id, venueId, dto),
      onSuccess: () => redirect(`/console/events/${id}#places`, { kind: 'success', key: 'console.saved' }),
      rerender: async (errors, values) =>
        this.eventPage(request, await this.events.get(id), {
          roomVenueId: venueId,
          roomValues: values,
          roomErrors: errors,
        }),
    });
  }

  @Post('events/:id/rooms/:roomId/delete')
  @Roles('organiser')
  async removeRoom(
    @Param('id', ParseIdPipe) id: number,
    @Param('roomId', ParseIdPipe) roomId: number,
  ): Promise<Redirect> {
    await this.events.removeRoom(id, roomId);
    return redirect(`/console/events/${id}#places`, { kind: 'success', key: 'console.deleted' });
  }

  @Post('events/:id/zones')
  @Roles('organiser')
  async addZone(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    return handleForm({
      dto: ZoneDto,
      body,
      run: (dto) => this.events.addZone(id, dto),
      onSuccess: () => redirect(`/console/events/${id}#zones`, { kind: 'success', key: 'console.saved' }),
      rerender: async (errors, values) =>
        this.eventPage(request, await this.events.get(id), { zoneValues: values, zoneErrors: errors }),
    });
  }

  @Post('events/:id/zones/:zoneId/delete')
  @Roles('organiser')
  async removeZone(
    @Param('id', ParseIdPipe) id: number,
    @Param('zoneId', ParseIdPipe) zoneId: number,
  ): Promise<Redirect> {
    await this.events.removeZone(id, zoneId);
    return redirect(`/console/events/${id}#zones`, { kind: 'success', key: 'console.deleted' });
  }

  /** Adds a host/organiser/supporter by name: an existing organisation of that name is reused. */
  @Post('events/:id/organisations')
  @Roles('organiser')
  async addOrganisation(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const values = cleanFormBody(body);
    const role = values.role as EventOrganisationRole;
    delete values.role;
    if (!EVENT_ORGANISATION_ROLES.includes(role)) {
      return this.eventPage(request, await this.events.get(id), {
        orgValues: values,
        orgErrors: [{ field: 'role', reason: 'choose a role' }],
      });
    }
    return handleForm({
      dto: CreateOrganisationDto,
      body: values,
      run: async (dto) => {
        const { organisation } = await this.organisations.findOrCreate(dto);
        await this.events.addOrganisation(id, { organisationId: organisation.id, role });
      },
      onSuccess: () => redirect(`/console/events/${id}#organisations`, { kind: 'success', key: 'console.saved' }),
      rerender: async (errors) =>
        this.eventPage(request, await this.events.get(id), { orgValues: { ...values, role }, orgErrors: errors }),
    });
  }

  @Post('events/:id/organisations/:organisationId/:role/delete')
  @Roles('organiser')
  async removeOrganisation(
    @Param('id', ParseIdPipe) id: number,
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Param('role') role: string,
  ): Promise<Redirect> {
    if (EVENT_ORGANISATION_ROLES.includes(role as EventOrganisationRole)) {
      await this.events.removeOrganisation(id, organisationId, role as EventOrganisationRole);
    }
    return redirect(`/console/events/${id}#organisations`, { kind: 'success', key: 'console.deleted' });
  }

  // ---- organisations

  @Get('organisations')
  @Roles('organiser')
  async organisationList(@Req() request: FastifyRequest, @Query('q') q?: string): Promise<Html> {
    return this.organisationsPage(request, typeof q === 'string' ? q : '', {});
  }

  @Post('organisations')
  @Roles('organiser')
  async createOrganisation(@Req() request: FastifyRequest, @Body() body: unknown): Promise<Html | Redirect> {
    return handleForm({
      dto: CreateOrganisationDto,
      body,
      run: (dto) => this.organisations.findOrCreate(dto),
      onSuccess: ({ created }) =>
        redirect('/console/organisations', {
          kind: created ? 'success' : 'info',
          key: created ? 'console.saved' : 'console.organisations.exists',
        }),
      rerender: (errors, values) => this.organisationsPage(request, '', { values, errors }),
    });
  }

  // ---- team

  @Get('team')
  @Roles('organiser')
  async team(@Req() request: FastifyRequest): Promise<Html> {
    return this.teamPage(request, {});
  }

  @Post('team/invitations')
  @Roles('organiser')
  async invite(
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Html | Redirect> {
    return handleForm({
      dto: InviteDto,
      body,
      run: (dto) => this.users.invite(dto, principal.userId),
      // Redirect after the post, so that reloading the page cannot invite twice.
      onSuccess: ({ url, invitation }) =>
        redirect('/console/team', {
          kind: 'success',
          key: 'console.team.invitedSent',
          params: { email: invitation.email, url },
        }),
      rerender: (errors, values) => this.teamPage(request, { values, errors }, 400),
    });
  }

  @Post('team/invitations/:invitationId/revoke')
  @Roles('organiser')
  async revoke(@Param('invitationId', ParseIdPipe) invitationId: number): Promise<Redirect> {
    await this.users.revokeInvitation(invitationId);
    return redirect('/console/team', { kind: 'success', key: 'console.team.revoked' });
  }

  @Post('team/:userId/:action')
  @Roles('organiser')
  async setDisabled(
    @Param('userId', ParseIdPipe) userId: number,
    @Param('action') action: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Redirect> {
    if (action !== 'disable' && action !== 'enable') return redirect('/console/team');
    await this.users.setDisabled(userId, action === 'disable', principal.userId);
    return redirect('/console/team', { kind: 'success', key: `console.team.${action}d` });
  }

  // ---- rendering

  private async eventForm(
    request: FastifyRequest,
    values: Record<string, unknown>,
    errors: FieldProblem[],
  ): Promise<Html> {
    const series = await this.events.listSeries();
    return this.views.page(
      request,
      'console/event-new',
      { values, errors, series, timeZones: timeZoneChoices(values.timezone) },
      { title: 'console.event.new', area: 'console', status: errors.length ? 400 : 200 },
    );
  }

  private async eventPage(request: FastifyRequest, event: Event, extra: Record<string, unknown> = {}): Promise<Html> {
    const [details, series, readiness] = await Promise.all([
      this.events.details(event),
      this.events.listSeries(),
      this.events.readiness(event.id),
    ]);
    const hasErrors = Object.keys(extra).some((k) => k.toLowerCase().endsWith('errors'));
    const values = (extra.values as Record<string, unknown> | undefined) ?? eventFormValues(event);
    // A second venue is most often a 分会场: the form proposes a sub-venue once there is a main one.
    const venueKind =
      (extra.venueValues as Record<string, unknown> | undefined)?.kind ??
      (details.venues.some((v) => v.kind === 'main') ? 'sub' : 'main');
    return this.views.page(
      request,
      'console/event',
      {
        ...details,
        timezone: event.timezone,
        series,
        currentSeries: details.series,
        values: eventFormValues(event),
        organisationKinds: ORGANISATION_KINDS,
        roles: EVENT_ORGANISATION_ROLES,
        readiness,
        timeZones: timeZoneChoices(values.timezone),
        venueKind,
        ...extra,
      },
      { title: event.title, area: 'console', status: hasErrors ? 400 : 200 },
    );
  }

  private async organisationsPage(request: FastifyRequest, q: string, extra: Record<string, unknown>): Promise<Html> {
    const organisations = await this.organisations.list(q);
    return this.views.page(
      request,
      'console/organisations',
      { organisations, q, kinds: ORGANISATION_KINDS, ...extra },
      { title: 'console.organisations.title', area: 'console', status: extra.errors ? 400 : 200 },
    );
  }

  private async teamPage(request: FastifyRequest, extra: Record<string, unknown>, status = 200): Promise<Html> {
    const [users, invitations, events] = await Promise.all([
      this.users.list(),
      this.users.pendingInvitations(),
      this.events.list('all'),
    ]);
    return this.views.page(
      request,
      'console/team',
      { users, invitations, events, ...extra },
      { title: 'console.team.title', area: 'console', status },
    );
  }
}
