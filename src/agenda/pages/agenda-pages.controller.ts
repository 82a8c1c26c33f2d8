import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionItem } from '../agenda-notifier.service.js';
import { AgendaError } from '../agenda.errors.js';
import { AgendaService } from '../agenda.service.js';
import type { SnapshotSession } from '../domain/schedule.js';
import { buildCalendar } from '../../calendar/calendar.js';
import { Public, RateLimit } from '../../common/auth.decorators.js';
import { localDay } from '../../common/time.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Event } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';
import type { Html } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { parseId } from '../../common/id.js';

export interface ProgrammeDay {
  day: string;
  date: string;
  sessions: SnapshotSession[];
}

/** Published sessions grouped by local day (in the event's time zone). */
export function sessionsByDay(sessions: SnapshotSession[], timezone: string): ProgrammeDay[] {
  const days = new Map<string, ProgrammeDay>();
  for (const session of [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.position - b.position)) {
    const day = localDay(new Date(session.startsAt), timezone);
    if (!days.has(day)) days.set(day, { day, date: session.startsAt, sessions: [] });
    days.get(day)!.sessions.push(session);
  }
  return [...days.values()];
}

/** Published sessions grouped by venue and room, then by day. */
function sessionsByRoom(sessions: SnapshotSession[], timezone: string) {
  const rooms = new Map<
    string,
    { room: string | null; roomEn: string | null; venue: string | null; venueEn: string | null; days: ProgrammeDay[] }
  >();
  for (const session of sessions) {
    const key = String(session.roomId ?? 'none');
    if (!rooms.has(key))
      rooms.set(key, {
        room: session.room,
        roomEn: session.roomEn,
        venue: session.venue,
        venueEn: session.venueEn,
        days: [],
      });
  }
  for (const [key, entry] of rooms) {
    entry.days = sessionsByDay(
      sessions.filter((s) => String(s.roomId ?? 'none') === key),
      timezone,
    );
  }
  return [...rooms.values()];
}

/** The public programme: by day or by room, each session's page, the change log, and calendar feeds. */
@ApiExcludeController()
@Controller('events/:slug')
export class AgendaPagesController {
  private readonly feeds = new Map<string, string>();

  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly agenda: AgendaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('agenda')
  @Public()
  async programme(
    @Req() request: FastifyRequest,
    @Param('slug') slug: string,
    @Query('view') view?: string,
  ): Promise<Html> {
    const event = await this.events.visible(request.principal ?? null, slug);
    const latest = await this.agenda.latest(event.id);
    const sessions = latest?.snapshot.sessions ?? [];
    const byRoom = view === 'room';
    return this.views.page(
      request,
      'public/agenda',
      {
        event,
        timezone: event.timezone,
        version: latest,
        byRoom,
        days: byRoom ? [] : sessionsByDay(sessions, event.timezone),
        rooms: byRoom ? sessionsByRoom(sessions, event.timezone) : [],
        feedUrl: `${this.config.appUrl}/events/${event.slug}/agenda.ics`,
        webcalUrl: `${this.config.appUrl}/events/${event.slug}/agenda.ics`.replace(/^https?:/, 'webcal:'),
      },
      { title: 'agenda.title' },
    );
  }

  @Get('agenda/changes')
  @Public()
  async changes(@Req() request: FastifyRequest, @Param('slug') slug: string): Promise<Html> {
    const event = await this.events.visible(request.principal ?? null, slug);
    const versions = await this.agenda.versions(event.id);
    return this.views.page(
      request,
      'public/agenda-changes',
      { event, timezone: event.timezone, versions },
      { title: 'agenda.changes' },
    );
  }

  @Get('agenda.ics')
  @Public()
  @RateLimit({ name: 'feed', limit: 120, windowSeconds: 60 })
  async feed(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('slug') slug: string,
  ): Promise<string> {
    const event = await this.events.visible(request.principal ?? null, slug);
    const latest = await this.agenda.latest(event.id);
    reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'public, max-age=300');
    // The feed is the same until the next publication: built once per version (DTSTAMP: when it was published).
    const key = `${event.id}:${latest?.id ?? 0}:${event.title}`;
    let feed = this.feeds.get(key);
    if (feed === undefined) {
      feed = buildCalendar(
        (latest?.snapshot.sessions ?? []).map((s) => sessionItem(event, s, s.sequence, this.config.appUrl)),
        { host: new URL(this.config.appUrl).hostname, method: 'PUBLISH', name: event.title, now: latest?.publishedAt },
      );
      if (this.feeds.size > 100) this.feeds.clear();
      this.feeds.set(key, feed);
    }
    return feed;
  }

  @Get('sessions/:sessionId')
  @Public()
  async session(
    @Req() request: FastifyRequest,
    @Param('slug') slug: string,
    @Param('sessionId') sessionId: string,
  ): Promise<Html> {
    const event = await this.events.visible(request.principal ?? null, slug);
    const session = await this.publishedSession(event, sessionId);
    return this.views.page(
      request,
      'public/session',
      { event, timezone: event.timezone, session },
      { title: request.locale === 'en' && session.titleEn ? session.titleEn : session.title },
    );
  }

  @Get('sessions/:sessionId/calendar.ics')
  @Public()
  async sessionIcs(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('slug') slug: string,
    @Param('sessionId') sessionId: string,
  ): Promise<string> {
    const event = await this.events.visible(request.principal ?? null, slug);
    const session = await this.publishedSession(event, sessionId);
    reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="session-${session.id}.ics"`);
    return buildCalendar([sessionItem(event, session, session.sequence, this.config.appUrl)], {
      host: new URL(this.config.appUrl).hostname,
      method: 'PUBLISH',
    });
  }

  private async publishedSession(event: Event, raw: string): Promise<SnapshotSession> {
    const latest = await this.agenda.latest(event.id);
    const id = parseId(raw);
    const session = id ? latest?.snapshot.sessions.find((s) => s.id === id) : undefined;
    if (!session) throw new AgendaError('session_not_found', { id: raw });
    return session;
  }
}
