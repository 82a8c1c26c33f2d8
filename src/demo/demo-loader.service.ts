import { Inject, Injectable, Logger } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { AgendaService } from '../agenda/agenda.service.js';
import { SessionPerson, type SessionRole } from '../agenda/session-person.entity.js';
import { Session, type SessionKind } from '../agenda/session.entity.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { localDay, localToUtc } from '../common/time.js';
import { Database } from '../database/database.service.js';
import { RunOnce } from '../database/run-once.service.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { OrganisationKind } from '../directory/organisation.entity.js';
import { LibraryDemo } from '../matchmaking/library-demo.service.js';
import { EventOrganisation, type EventOrganisationRole } from '../events/event-organisation.entity.js';
import { EventSeries } from '../events/event-series.entity.js';
import { Event } from '../events/event.entity.js';
import { ExhibitionZone } from '../events/exhibition-zone.entity.js';
import { Room } from '../events/room.entity.js';
import { Venue, type VenueKind } from '../events/venue.entity.js';
import type { CategoryDto, QuestionDto } from '../registration/dto/registration.dto.js';
import { RegistrationsService } from '../registration/registrations.service.js';
import { MeetingsDemo } from '../matchmaking/meetings/meetings-demo.service.js';
import { RoadshowsDemo } from '../roadshows/roadshows-demo.service.js';
import { IntentSources } from '../intents/intent-sources.service.js';
import { IntentsDemo } from '../intents/intents-demo.service.js';
import { PROJECT_ROOT } from '../common/paths.js';
import { SigningsDemo } from '../signings/signings-demo.service.js';

interface DemoText {
  name: string;
  nameEn?: string;
}
interface DemoEvent {
  key: string;
  series: (DemoText & { slug: string; description?: string; descriptionEn?: string }) | null;
  edition: number | null;
  slug: string;
  title: string;
  titleEn?: string;
  shortTitle?: string;
  shortTitleEn?: string;
  theme?: string;
  themeEn?: string;
  description?: string;
  descriptionEn?: string;
  timezone: string;
  start: string;
  end: string;
  /**
   * An earlier edition, shown as held this many days ago (closed, registration closed before it): the series then has
   * editions to compare. Absent for the upcoming demo events.
   */
  heldDaysAgo?: number;
  organisations: (DemoText & {
    shortName?: string;
    shortNameEn?: string;
    kind: OrganisationKind;
    region?: string;
    regionEn?: string;
    description?: string;
    descriptionEn?: string;
  })[];
  roles: { organisation: string; role: EventOrganisationRole }[];
  venues: (DemoText & {
    key: string;
    kind: VenueKind;
    address?: string;
    addressEn?: string;
    rooms: (DemoText & { key: string; capacity?: number })[];
  })[];
  zones: (DemoText & { description?: string; descriptionEn?: string })[];
  sessions: {
    kind: SessionKind;
    title: string;
    titleEn?: string;
    description?: string;
    descriptionEn?: string;
    start: string;
    end: string;
    venue: string;
    room: string;
    /** People on the session (chair, speaker, guest, witness), when the sources name them. */
    people?: {
      role: SessionRole;
      name: string;
      nameEn?: string;
      organisation?: string;
      title?: string;
      titleEn?: string;
    }[];
  }[];
  /** The registration form: open from the first start until `closes` (local time, moved like the sessions). */
  registration: {
    closes: string;
    capacity: number | null;
    consentText: string;
    consentTextEn: string;
    categories: CategoryDto[];
    questions: QuestionDto[];
  };
  /** A few registrations (an earlier edition's participants), added as an organiser's import would. */
  registrations?: { name: string; organisation: string; title?: string; category: string; email: string }[];
}

export const DEMO_DIR = join(PROJECT_ROOT, 'data', 'demo');
/** How many days after the first start each demo event begins (in file order). */
const START_IN_DAYS = [14, 28];

/**
 * Loads the demo events of data/demo/ into an empty database, moved to the coming weeks (same local times and
 * lengths; the original dates stay in the descriptions), published and open for registration (categories,
 * questions and consent through the registration service), so a newcomer can try everything at once.
 */
@Injectable()
export class DemoLoader {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RunOnce) private readonly runOnce: RunOnce,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AgendaService) private readonly agenda: AgendaService,
    @Inject(RegistrationsService) private readonly registrations: RegistrationsService,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(LibraryDemo) private readonly libraries: LibraryDemo,
    @Inject(MeetingsDemo) private readonly meetings: MeetingsDemo,
    @Inject(SigningsDemo) private readonly signings: SigningsDemo,
    @Inject(RoadshowsDemo) private readonly roadshows: RoadshowsDemo,
    @Inject(IntentsDemo) private readonly intents: IntentsDemo,
    @Inject(IntentSources) private readonly intentSources: IntentSources,
  ) {}

  async loadIfEmpty(now = new Date()): Promise<boolean> {
    if (!this.config.demoData) return false;
    if ((await this.db.manager.count(Event)) > 0) return false;
    const files = readdirSync(DEMO_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    const demos = files.map((file) => JSON.parse(readFileSync(join(DEMO_DIR, file), 'utf8')) as DemoEvent);
    // Upcoming events first (in file order, so their ids stay 1, 2, …), then earlier editions.
    const upcoming = demos.filter((d) => d.heldDaysAgo === undefined);
    const past = demos.filter((d) => d.heldDaysAgo !== undefined);
    // Once across instances: several starting together on an empty database load the demo once (the key and the
    // data commit together; the others wait for that commit and skip).
    const outcome = await this.runOnce.run('demo-data', async (em) => {
      if ((await em.count(Event)) > 0) return false;
      const loaded: { key: string; eventId: number }[] = [];
      for (const [i, demo] of upcoming.entries())
        loaded.push({ key: demo.key, eventId: await this.loadEvent(em, demo, now, START_IN_DAYS[i] ?? 14 * (i + 1)) });
      for (const demo of past)
        loaded.push({ key: demo.key, eventId: await this.loadEvent(em, demo, now, -demo.heldDaysAgo!) });
      // The achievement and demand lists the events publish (data/demo/matchmaking/).
      await this.libraries.loadIn(em);
      // Roadshows after the agenda (their sessions) and the libraries (the achievements their projects present).
      for (const { key, eventId } of loaded) await this.roadshows.loadIn(em, key, eventId);
      return true;
    });
    if (!outcome.ran || !outcome.result) return false;
    this.logger.log(`Loaded ${files.length} demo events`);
    return true;
  }

  /** Loads one event `startInDays` from today (negative: an earlier edition, held and closed); returns its id. */
  private async loadEvent(em: EntityManager, demo: DemoEvent, now: Date, startInDays: number): Promise<number> {
    const tz = demo.timezone;
    const held = startInDays < 0;
    // Whole-day shift so that the first day lands `startInDays` days from today, in the event's time zone.
    const today = Date.parse(`${localDay(now, tz)}T00:00:00Z`);
    const firstDay = Date.parse(`${demo.start.slice(0, 10)}T00:00:00Z`);
    const shiftDays = Math.round((today - firstDay) / 86_400_000) + startInDays;
    const at = (local: string): Date => {
      const day = new Date(Date.parse(`${local.slice(0, 10)}T00:00:00Z`) + shiftDays * 86_400_000);
      const utc = localToUtc(`${day.toISOString().slice(0, 10)}${local.slice(10)}`, tz);
      if (!utc) throw new Error(`Demo ${demo.key}: bad time ${local}`);
      return utc;
    };

    let seriesId: number | null = null;
    if (demo.series) {
      const existing = await em.findOneBy(EventSeries, { slug: demo.series.slug });
      const series =
        existing ??
        (await em.save(
          em.create(EventSeries, {
            slug: demo.series.slug,
            name: demo.series.name,
            nameEn: demo.series.nameEn ?? null,
            description: demo.series.description ?? null,
            descriptionEn: demo.series.descriptionEn ?? null,
          }),
        ));
      seriesId = series.id;
    }

    const organisationIds = new Map<string, number>();
    for (const o of demo.organisations) {
      const { organisation } = await this.directory.resolveOrganisationIn(em, o);
      organisationIds.set(o.name, organisation.id);
    }

    const event = await em.save(
      em.create(Event, {
        slug: demo.slug,
        title: demo.title,
        titleEn: demo.titleEn ?? null,
        shortTitle: demo.shortTitle ?? null,
        shortTitleEn: demo.shortTitleEn ?? null,
        theme: demo.theme ?? null,
        themeEn: demo.themeEn ?? null,
        description: demo.description ?? null,
        descriptionEn: demo.descriptionEn ?? null,
        seriesId,
        edition: demo.edition,
        startsAt: at(demo.start),
        endsAt: at(demo.end),
        timezone: tz,
        status: held ? 'closed' : 'published',
        publishedAt: held ? at(demo.registration.closes) : new Date(),
        closedAt: held ? at(demo.end) : null,
      }),
    );

    for (const [position, role] of demo.roles.entries()) {
      const organisationId = organisationIds.get(role.organisation);
      if (!organisationId) throw new Error(`Demo ${demo.key}: unknown organisation ${role.organisation}`);
      await em.insert(EventOrganisation, { eventId: event.id, organisationId, role: role.role, position });
    }

    const roomIds = new Map<string, number>();
    for (const [position, v] of demo.venues.entries()) {
      const venue = await em.save(
        em.create(Venue, {
          eventId: event.id,
          name: v.name,
          nameEn: v.nameEn ?? null,
          kind: v.kind,
          address: v.address ?? null,
          addressEn: v.addressEn ?? null,
          position,
        }),
      );
      for (const [roomPosition, r] of v.rooms.entries()) {
        const room = await em.save(
          em.create(Room, {
            venueId: venue.id,
            name: r.name,
            nameEn: r.nameEn ?? null,
            capacity: r.capacity ?? null,
            position: roomPosition,
          }),
        );
        roomIds.set(`${v.key}/${r.key}`, room.id);
      }
    }

    for (const [position, z] of demo.zones.entries()) {
      await em.insert(ExhibitionZone, {
        eventId: event.id,
        name: z.name,
        nameEn: z.nameEn ?? null,
        description: z.description ?? null,
        descriptionEn: z.descriptionEn ?? null,
        position,
      });
    }

    for (const [position, s] of demo.sessions.entries()) {
      const inserted = await em.insert(Session, {
        eventId: event.id,
        roomId: roomIds.get(`${s.venue}/${s.room}`) ?? null,
        kind: s.kind,
        title: s.title,
        titleEn: s.titleEn ?? null,
        description: s.description ?? null,
        descriptionEn: s.descriptionEn ?? null,
        startsAt: at(s.start),
        endsAt: at(s.end),
        position,
      });
      const sessionId = Number(inserted.identifiers[0].id);
      for (const [order, p] of (s.people ?? []).entries()) {
        const organisationId = p.organisation ? (organisationIds.get(p.organisation) ?? null) : null;
        const { person } = await this.directory.resolvePersonIn(em, {
          name: p.name,
          nameEn: p.nameEn,
          title: p.title,
          titleEn: p.titleEn,
          organisationId,
        });
        await em.insert(SessionPerson, { sessionId, personId: person.id, role: p.role, position: order });
      }
    }
    // The demo programme is published (version 1), as an organiser would before opening registration.
    await this.agenda.publishIn(em, event.id, null);
    // Signing ceremonies on the signing sessions (data/demo/signings/<key>.json, when there is one); each agreement
    // signed there is a signed intent in the cooperation pipeline, linked both ways, in this same transaction.
    for (const signed of await this.signings.loadIn(em, demo.key, event.id, now))
      await this.intentSources.fromAgreementIn(em, signed);

    // Registration opens now and closes before the event, with the categories and questions of such an event.
    const form = demo.registration;
    await this.registrations.updateSettingsIn(em, event.id, {
      // An earlier edition's registration ran in the weeks before it.
      opensAt: held ? new Date(at(demo.start).getTime() - 30 * 86_400_000).toISOString() : now.toISOString(),
      closesAt: at(form.closes).toISOString(),
      capacity: form.capacity,
      consentText: form.consentText,
      consentTextEn: form.consentTextEn,
    });
    for (const category of form.categories) await this.registrations.addCategoryIn(em, event.id, category);
    for (const question of form.questions) await this.registrations.addQuestionIn(em, event.id, question);
    for (const r of demo.registrations ?? [])
      await this.registrations.createIn(em, event.id, { ...r, consent: true, locale: 'zh-CN', answers: {} }, 'import');
    // One-to-one meetings in the free negotiation session (data/demo/meetings/<key>.json, when there is one).
    await this.meetings.loadIn(em, demo.key, event.id);
    // Cooperation intents that came out of it (data/demo/intents/<key>.json, when there is one).
    await this.intents.loadIn(em, demo.key, event.id);
    return event.id;
  }
}
