import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Room } from '../events/room.entity.js';
import { Venue } from '../events/venue.entity.js';
import { Session } from '../agenda/session.entity.js';
import { Database } from '../database/database.service.js';
import { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import { AgreementParty } from './agreement-party.entity.js';
import { AgreementWitness } from './agreement-witness.entity.js';
import { Agreement } from './agreement.entity.js';
import { SigningCeremony } from './ceremony.entity.js';
import { buildRunSheet, type RunSheet } from './domain/run-sheet.js';
import { currentStage, type Stage } from './domain/stage.js';
import type { AgreementKind, AgreementStatus } from './domain/agreement-status.js';
import {
  countedFromGroups,
  countedTotals,
  partnershipKey,
  placeLabel,
  sumSummaries,
  type CountedTotals,
  type SummaryTotalsSum,
} from './domain/totals.js';
import { agreementJson, ceremonyJson, eventSigningsJson } from './signings-json.js';
import { SigningsError } from './signings.errors.js';
import { ScreenLinks } from './screen-links.service.js';

export interface PartyView {
  party: AgreementParty;
  organisation: Organisation;
  signatory: Person | null;
}

export interface WitnessView {
  witness: AgreementWitness;
  person: Person;
  organisation: Organisation | null;
}

export interface AgreementView {
  agreement: Agreement;
  /** 1-based place on the running order (as on the run sheet and the screen); null for a withdrawn agreement. */
  number: number | null;
  parties: PartyView[];
  witnesses: WitnessView[];
  facilitator: Organisation | null;
  landing: string | null;
  /** The cooperation pipeline's intent that follows this agreement once signed (organisers only; else null). */
  intentId: number | null;
}

export interface CeremonyView {
  ceremony: SigningCeremony;
  session: Session;
  /** Where the session takes place: venue · room, when it has a room. */
  place: { venue: Venue; room: Room } | null;
  host: Organisation | null;
  agreements: AgreementView[];
  /** The screen's pointer, made consistent with the agreements. */
  stage: Stage;
}

export interface SigningTotals {
  counted: CountedTotals;
  summary: SummaryTotalsSum;
}

/** An event's signing totals for the reports: its ceremonies, the counted totals and the summary totals, apart. */
export interface EventSigningTotals extends SigningTotals {
  /** Signing ceremonies the event holds (`summary.ceremonies` counts those that record summary totals). */
  ceremonies: number;
}

/** Who reads: organisers see every agreement; the public does not see withdrawn ones. */
export type Audience = 'organiser' | 'public';

/**
 * Reads ceremonies with everything the API, the console, the run sheet and the screen show: agreements in order with
 * parties, signatories, witnesses, facilitators and landing places, in a fixed number of queries per request.
 */
@Injectable()
export class SigningsReader {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(ScreenLinks) private readonly links: ScreenLinks,
  ) {}

  // ---- the API's answers

  /** An event's ceremonies with their agreements and totals (counted and summary, apart). */
  async eventJson(eventId: number, audience: Audience) {
    const views = await this.forEvent(eventId, audience);
    const ceremonies = await Promise.all(views.map((view) => this.ceremonyJsonOf(view, audience)));
    return eventSigningsJson(eventId, ceremonies, this.totals(views));
  }

  async ceremonyJson(eventId: number, ceremonyId: number) {
    return this.ceremonyJsonOf(await this.one(eventId, ceremonyId), 'organiser');
  }

  async agreementJson(eventId: number, agreementId: number) {
    const agreement = await this.db.manager.findOneBy(Agreement, { id: agreementId, eventId });
    if (!agreement) throw new SigningsError('agreement_not_found', { id: agreementId });
    const view = await this.one(eventId, agreement.ceremonyId);
    const item = this.runSheet(view).items.find((i) => i.agreement.id === agreementId);
    return agreementJson(this.agreement(view, agreementId), item?.startsAt ?? null);
  }

  private async ceremonyJsonOf(view: CeremonyView, audience: Audience) {
    const screenUrl = audience === 'organiser' ? await this.links.url(view.ceremony) : undefined;
    return ceremonyJson(view, this.totals([view]).counted, this.runSheet(view), audience, screenUrl);
  }

  // ---- views

  async forEvent(eventId: number, audience: Audience): Promise<CeremonyView[]> {
    const em = this.db.manager;
    const ceremonies = await em.find(SigningCeremony, { where: { eventId } });
    return this.views(em, ceremonies, audience);
  }

  async one(eventId: number, ceremonyId: number, audience: Audience = 'organiser'): Promise<CeremonyView> {
    const ceremony = await this.db.manager.findOneBy(SigningCeremony, { id: ceremonyId, eventId });
    if (!ceremony) throw new SigningsError('ceremony_not_found', { id: ceremonyId });
    return (await this.views(this.db.manager, [ceremony], audience))[0];
  }

  /** For the screen link, which names the ceremony only. */
  async byId(ceremonyId: number): Promise<CeremonyView | null> {
    const ceremony = await this.db.manager.findOneBy(SigningCeremony, { id: ceremonyId });
    return ceremony ? (await this.views(this.db.manager, [ceremony], 'public'))[0] : null;
  }

  /** The ceremonies' agreement by id, with its view (for the API's answers after a change). */
  agreement(view: CeremonyView, agreementId: number): AgreementView {
    const found = view.agreements.find((a) => a.agreement.id === agreementId);
    if (!found) throw new SigningsError('agreement_not_found', { id: agreementId });
    return found;
  }

  totals(views: readonly CeremonyView[]): SigningTotals {
    return {
      counted: countedTotals(
        views.map((v) => ({
          hostOrganisationId: v.ceremony.hostOrganisationId,
          items: v.agreements.map((a) => ({
            id: a.agreement.id,
            kind: a.agreement.kind,
            status: a.agreement.status,
            amountWan: a.agreement.amountWan,
            landing: {
              province: a.agreement.landingProvince,
              city: a.agreement.landingCity,
              district: a.agreement.landingDistrict,
            },
            organisationIds: a.parties.map((p) => p.organisation.id),
          })),
        })),
      ),
      summary: sumSummaries(views.map((v) => v.ceremony.summary)),
    };
  }

  /**
   * The totals of many events at once (the reports: one event, or every edition of a series), from grouped queries —
   * agreements by kind and status, signed ones by landing place, the sides of signed strategic agreements — and the
   * ceremonies' summaries, put together by the same domain rule as `totals` (countedFromGroups). Every event asked
   * for is answered, with zeros where there are no signings.
   */
  async totalsByEvent(eventIds: readonly number[]): Promise<Map<number, EventSigningTotals>> {
    if (eventIds.length === 0) return new Map();
    const ids = [...eventIds];
    const em = this.db.manager;
    const [ceremonies, kinds, places, sides] = await Promise.all([
      em.find(SigningCeremony, {
        select: { id: true, eventId: true, summary: true },
        where: { eventId: In(ids) },
        order: { id: 'ASC' },
      }),
      em
        .createQueryBuilder(Agreement, 'a')
        .select('a.eventId', 'eventId')
        .addSelect('a.kind', 'kind')
        .addSelect('a.status', 'status')
        .addSelect('COUNT(*)', 'agreements')
        .addSelect('SUM(a.amountWan)', 'amountWan')
        .where('a.eventId IN (:...ids)', { ids })
        .groupBy('a.eventId')
        .addGroupBy('a.kind')
        .addGroupBy('a.status')
        .getRawMany<{
          eventId: unknown;
          kind: AgreementKind;
          status: AgreementStatus;
          agreements: unknown;
          amountWan: unknown;
        }>(),
      em
        .createQueryBuilder(Agreement, 'a')
        .select('a.eventId', 'eventId')
        .addSelect('a.landingProvince', 'province')
        .addSelect('a.landingCity', 'city')
        .addSelect('a.landingDistrict', 'district')
        .addSelect('COUNT(*)', 'signed')
        .addSelect('SUM(a.amountWan)', 'amountWan')
        .where('a.eventId IN (:...ids)', { ids })
        .andWhere(`a.status = 'signed'`)
        .groupBy('a.eventId')
        .addGroupBy('a.landingProvince')
        .addGroupBy('a.landingCity')
        .addGroupBy('a.landingDistrict')
        .getRawMany<{
          eventId: unknown;
          province: string | null;
          city: string | null;
          district: string | null;
          signed: unknown;
          amountWan: unknown;
        }>(),
      // The sides of signed strategic agreements: without a host the agreement is the partnership (one row), with
      // a host each distinct partner of the host is (see partnershipKey).
      em
        .createQueryBuilder(Agreement, 'a')
        .innerJoin(SigningCeremony, 'c', 'c.id = a.ceremonyId')
        .leftJoin(AgreementParty, 'p', 'p.agreementId = a.id AND c.hostOrganisationId IS NOT NULL')
        .select('a.eventId', 'eventId')
        .addSelect('c.hostOrganisationId', 'hostOrganisationId')
        .addSelect('CASE WHEN c.hostOrganisationId IS NULL THEN a.id END', 'agreementId')
        .addSelect('p.organisationId', 'organisationId')
        .distinct(true)
        .where('a.eventId IN (:...ids)', { ids })
        .andWhere(`a.kind = 'strategic' AND a.status = 'signed'`)
        .getRawMany<{ eventId: unknown; hostOrganisationId: unknown; agreementId: unknown; organisationId: unknown }>(),
    ]);
    const number = (value: unknown) => Number(value ?? 0);
    const nullable = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    const of = <T extends { eventId: unknown }>(rows: T[], eventId: number) =>
      rows.filter((row) => number(row.eventId) === eventId);
    return new Map(
      ids.map((eventId) => {
        const own = ceremonies.filter((c) => c.eventId === eventId);
        const counted = countedFromGroups({
          kinds: of(kinds, eventId).map((row) => ({
            kind: row.kind,
            status: row.status,
            agreements: number(row.agreements),
            amountWan: number(row.amountWan),
          })),
          places: of(places, eventId).map((row) => ({
            province: row.province,
            city: row.city,
            district: row.district,
            signed: number(row.signed),
            amountWan: number(row.amountWan),
          })),
          partnerships: of(sides, eventId).map((row) =>
            partnershipKey({
              agreementId: number(row.agreementId),
              hostOrganisationId: nullable(row.hostOrganisationId),
              organisationId: nullable(row.organisationId),
            }),
          ),
        });
        return [eventId, { ceremonies: own.length, counted, summary: sumSummaries(own.map((c) => c.summary)) }];
      }),
    );
  }

  runSheet(view: CeremonyView): RunSheet {
    return buildRunSheet(
      {
        title: view.session.title,
        startsAt: view.session.startsAt,
        endsAt: view.session.endsAt,
        openingMinutes: view.ceremony.openingMinutes,
        minutesPerSigning: view.ceremony.minutesPerSigning,
      },
      view.agreements.map((a) => ({
        id: a.agreement.id,
        title: a.agreement.title,
        kind: a.agreement.kind,
        status: a.agreement.status,
        minutes: a.agreement.minutes,
        parties: a.parties.map((p) => ({
          organisation: p.organisation.name,
          signatory: p.signatory?.name ?? null,
          signatoryTitle: p.party.signatoryTitle,
          side: p.party.side,
        })),
        witnesses: a.witnesses.map((w) => ({
          name: w.person.name,
          title: w.witness.title,
          organisation: w.organisation?.name ?? null,
        })),
        facilitator: a.facilitator?.name ?? null,
        landing: a.landing,
      })),
    );
  }

  private async views(em: EntityManager, ceremonies: SigningCeremony[], audience: Audience): Promise<CeremonyView[]> {
    if (ceremonies.length === 0) return [];
    const ceremonyIds = ceremonies.map((c) => c.id);
    const [sessions, agreements] = await Promise.all([
      em.findBy(Session, { id: In(ceremonies.map((c) => c.agendaSessionId)) }),
      em.find(Agreement, { where: { ceremonyId: In(ceremonyIds) }, order: { position: 'ASC', id: 'ASC' } }),
    ]);
    const agreementIds = agreements.map((a) => a.id);
    const [parties, witnesses] = agreementIds.length
      ? await Promise.all([
          em.find(AgreementParty, { where: { agreementId: In(agreementIds) }, order: { position: 'ASC', id: 'ASC' } }),
          em.find(AgreementWitness, {
            where: { agreementId: In(agreementIds) },
            order: { position: 'ASC', id: 'ASC' },
          }),
        ])
      : [[], []];
    const people = await byId(em, Person, [
      ...parties.map((p) => p.signatoryPersonId),
      ...witnesses.map((w) => w.personId),
    ]);
    const organisations = await byId(em, Organisation, [
      ...ceremonies.map((c) => c.hostOrganisationId),
      ...agreements.map((a) => a.facilitatorOrganisationId),
      ...parties.map((p) => p.organisationId),
      ...[...people.values()].map((p) => p.organisationId),
    ]);
    const rooms = await byId(
      em,
      Room,
      sessions.map((s) => s.roomId),
    );
    const venues = await byId(
      em,
      Venue,
      [...rooms.values()].map((r) => r.venueId),
    );
    const intents = audience === 'organiser' ? await intentsOf(em, agreementIds) : new Map<number, number>();
    const org = (id: number | null) => (id === null ? null : (organisations.get(id) ?? null));

    const views = ceremonies.map((ceremony) => {
      const session = sessions.find((s) => s.id === ceremony.agendaSessionId)!;
      const room = session.roomId ? rooms.get(session.roomId) : undefined;
      const venue = room ? venues.get(room.venueId) : undefined;
      const own = agreements.filter((a) => a.ceremonyId === ceremony.id);
      let number = 0;
      const agreementViews: AgreementView[] = own
        .filter((agreement) => audience === 'organiser' || agreement.status !== 'withdrawn')
        .map((agreement) => ({
          agreement,
          number: agreement.status === 'withdrawn' ? null : ++number,
          parties: parties
            .filter((p) => p.agreementId === agreement.id)
            .map((party) => ({
              party,
              organisation: organisations.get(party.organisationId)!,
              signatory: party.signatoryPersonId ? (people.get(party.signatoryPersonId) ?? null) : null,
            })),
          witnesses: witnesses
            .filter((w) => w.agreementId === agreement.id)
            .map((witness) => {
              const person = people.get(witness.personId)!;
              return { witness, person, organisation: org(person.organisationId) };
            }),
          facilitator: org(agreement.facilitatorOrganisationId),
          landing:
            placeLabel({
              province: agreement.landingProvince,
              city: agreement.landingCity,
              district: agreement.landingDistrict,
            }) || null,
          intentId: intents.get(agreement.id) ?? null,
        }));
      return {
        ceremony,
        session,
        place: room && venue ? { room, venue } : null,
        host: org(ceremony.hostOrganisationId),
        agreements: agreementViews,
        stage: currentStage(
          { phase: ceremony.stagePhase, agreementId: ceremony.currentAgreementId },
          own.map((a) => ({ id: a.id, onStage: a.status !== 'withdrawn' })),
        ),
      };
    });
    // In programme order: by the session's start, then its place in the programme.
    return views.sort(
      (a, b) =>
        a.session.startsAt.getTime() - b.session.startsAt.getTime() ||
        a.session.position - b.session.position ||
        a.ceremony.id - b.ceremony.id,
    );
  }
}

async function byId<T extends { id: number }>(
  em: EntityManager,
  entity: new () => T,
  ids: (number | null | undefined)[],
): Promise<Map<number, T>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  if (wanted.length === 0) return new Map();
  const rows = await em.findBy(entity, { id: In(wanted) } as never);
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * The intents linked to these agreements (the cooperation pipeline links each signed agreement's intent by
 * `intents.agreementId`). Read by table name, not through the intents module, which listens to signings and so sits
 * above it in the module graph.
 */
async function intentsOf(em: EntityManager, agreementIds: number[]): Promise<Map<number, number>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await em
    .createQueryBuilder()
    .select('i.id', 'id')
    .addSelect('i."agreementId"', 'agreementId')
    .from('intents', 'i')
    .where('i."agreementId" IN (:...agreementIds)', { agreementIds })
    .getRawMany<{ id: number; agreementId: number }>();
  return new Map(rows.map((r) => [Number(r.agreementId), Number(r.id)]));
}
