import type { Organisation } from '../directory/organisation.entity.js';
import type { Person } from '../directory/person.entity.js';
import type { RunSheet } from './domain/run-sheet.js';
import type { CountedTotals } from './domain/totals.js';
import type { Audience, AgreementView, CeremonyView, SigningTotals } from './signings-reader.service.js';

/** The API's shapes of ceremonies and agreements: the same for organisers and the public, minus what is theirs. */

export function organisationJson(o: Organisation) {
  return { id: o.id, name: o.name, nameEn: o.nameEn, shortName: o.shortName, shortNameEn: o.shortNameEn };
}

function personJson(p: Person) {
  return { id: p.id, name: p.name, nameEn: p.nameEn };
}

export function agreementJson(view: AgreementView, plannedStartsAt: Date | null) {
  const a = view.agreement;
  return {
    id: a.id,
    ceremonyId: a.ceremonyId,
    number: view.number,
    position: a.position,
    title: a.title,
    titleEn: a.titleEn,
    kind: a.kind,
    status: a.status,
    confirmedAt: a.confirmedAt,
    signedAt: a.signedAt,
    withdrawnAt: a.withdrawnAt,
    parties: view.parties.map((p) => ({
      id: p.party.id,
      organisation: organisationJson(p.organisation),
      signatory: p.signatory ? personJson(p.signatory) : null,
      signatoryTitle: p.party.signatoryTitle,
      side: p.party.side,
      position: p.party.position,
    })),
    witnesses: view.witnesses.map((w) => ({
      id: w.witness.id,
      person: personJson(w.person),
      title: w.witness.title,
      organisation: w.organisation ? organisationJson(w.organisation) : null,
      position: w.witness.position,
    })),
    facilitator: view.facilitator ? organisationJson(view.facilitator) : null,
    landing: view.landing
      ? { province: a.landingProvince, city: a.landingCity, district: a.landingDistrict, label: view.landing }
      : null,
    amountWan: a.amountWan,
    minutes: a.minutes,
    plannedStartsAt,
    source: { achievementId: a.achievementId, demandId: a.demandId, meetingId: a.meetingId },
    /** The signed agreement's intent in the cooperation pipeline (organisers only: null for the public). */
    intentId: view.intentId,
  };
}

export function ceremonyJson(
  view: CeremonyView,
  totals: CountedTotals,
  sheet: RunSheet,
  audience: Audience,
  screenUrl?: string,
) {
  const { ceremony, session } = view;
  const planned = new Map(sheet.items.map((item) => [item.agreement.id, item.startsAt]));
  return {
    id: ceremony.id,
    eventId: ceremony.eventId,
    agendaSessionId: ceremony.agendaSessionId,
    title: session.title,
    titleEn: session.titleEn,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    place: view.place
      ? {
          venue: view.place.venue.name,
          venueEn: view.place.venue.nameEn,
          room: view.place.room.name,
          roomEn: view.place.room.nameEn,
        }
      : null,
    host: view.host ? organisationJson(view.host) : null,
    openingMinutes: ceremony.openingMinutes,
    minutesPerSigning: ceremony.minutesPerSigning,
    /** Signings not itemised, as the organiser reports them: never part of `totals`. */
    summary: ceremony.summary,
    agreements: view.agreements.map((a) => agreementJson(a, planned.get(a.agreement.id) ?? null)),
    totals,
    ...(audience === 'organiser'
      ? {
          stage: view.stage,
          screenUrl: screenUrl ?? null,
          overrunMinutes: sheet.overrunMinutes,
        }
      : {}),
  };
}

export function eventSigningsJson(eventId: number, ceremonies: unknown[], totals: SigningTotals) {
  return { eventId, ceremonies, totals };
}
