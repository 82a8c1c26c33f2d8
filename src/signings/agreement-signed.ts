import type { EntityManager } from 'typeorm';
import type { AgreementSignedEvent } from '../common/domain-events.js';
import { AgreementParty } from './agreement-party.entity.js';
import { Agreement } from './agreement.entity.js';
import { placeLabel } from './domain/totals.js';

/** The announcement of a signed agreement (AGREEMENT_SIGNED), from the agreement and its parties in their order. */
export function agreementSignedEvent(
  agreement: Agreement,
  parties: readonly Pick<AgreementParty, 'organisationId'>[],
): AgreementSignedEvent {
  if (agreement.status !== 'signed' || !agreement.signedAt)
    throw new Error(`Agreement ${agreement.id} is not signed: nothing to announce`);
  return {
    eventId: agreement.eventId,
    agreementId: agreement.id,
    title: agreement.title,
    kind: agreement.kind,
    partyOrganisationIds: parties.map((p) => p.organisationId),
    amountWan: agreement.amountWan,
    landingPlace:
      placeLabel({
        province: agreement.landingProvince,
        city: agreement.landingCity,
        district: agreement.landingDistrict,
      }) || null,
    signedAt: agreement.signedAt,
    byUserId: agreement.signedByUserId,
  };
}

/**
 * The announcement of a signed agreement read back from the database (a sweep re-announcing, the demo loader); null
 * when there is no such agreement or it is not signed.
 */
export async function agreementSignedEventIn(
  em: EntityManager,
  agreementId: number,
): Promise<AgreementSignedEvent | null> {
  const agreement = await em.findOneBy(Agreement, { id: agreementId });
  if (!agreement || agreement.status !== 'signed' || !agreement.signedAt) return null;
  const parties = await em.find(AgreementParty, { where: { agreementId }, order: { position: 'ASC', id: 'ASC' } });
  return agreementSignedEvent(agreement, parties);
}
