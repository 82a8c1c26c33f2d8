import { Inject, Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { Session } from '../agenda/session.entity.js';
import type { AgreementSignedEvent } from '../common/domain-events.js';
import { PROJECT_ROOT } from '../common/paths.js';
import { agreementSignedEventIn } from './agreement-signed.js';
import { Agreement } from './agreement.entity.js';
import type { AgreementKind, AgreementStatus, PartySide } from './domain/agreement-status.js';
import { signingTimes } from './domain/run-sheet.js';
import type { SummaryTotals } from './domain/totals.js';
import { SigningsService } from './signings.service.js';

interface DemoSignings {
  event: string;
  ceremonies: {
    /** The agenda session's title. */
    session: string;
    host?: string;
    openingMinutes: number;
    minutesPerSigning: number;
    summary?: Partial<SummaryTotals> & Pick<SummaryTotals, 'byKind'>;
    agreements: {
      title: string;
      titleEn?: string;
      kind: AgreementKind;
      /** signed: at its place in the run sheet (the session's time), even when the demo event lies ahead. */
      status: Extract<AgreementStatus, 'planned' | 'confirmed' | 'signed'>;
      facilitator?: string;
      landing?: { province?: string; city?: string; district?: string };
      amountWan?: number;
      parties: { organisation: string; signatory?: string; signatoryTitle?: string; side: PartySide }[];
      witnesses?: { name: string; title?: string; organisation?: string }[];
    }[];
  }[];
}

const DIR = join(PROJECT_ROOT, 'data', 'demo', 'signings');

/**
 * The demo's signing ceremonies (data/demo/signings/<event key>.json), loaded after the agenda: the ceremonies on their
 * sessions, agreements in order with parties, facilitator and landing place through the same rules as the console,
 * planned, confirmed or signed (at the end of its slot in the run sheet), and summary totals where the sources give
 * only figures. Answers the signed agreements' announcements, for the caller to hand to the cooperation pipeline in the
 * same transaction (nothing is emitted here: a listener would write outside the demo's transaction).
 */
@Injectable()
export class SigningsDemo {
  constructor(@Inject(SigningsService) private readonly signings: SigningsService) {}

  async loadIn(
    em: EntityManager,
    eventKey: string,
    eventId: number,
    now = new Date(),
  ): Promise<AgreementSignedEvent[]> {
    const signed: AgreementSignedEvent[] = [];
    const file = join(DIR, `${eventKey}.json`);
    if (!existsSync(file)) return signed;
    const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoSignings;
    for (const c of demo.ceremonies) {
      const session = await em.findOneBy(Session, { eventId, title: c.session });
      if (!session) throw new Error(`Demo signings ${eventKey}: no session "${c.session}"`);
      const ceremony = await this.signings.createCeremonyIn(em, eventId, {
        agendaSessionId: session.id,
        hostOrganisation: c.host,
        openingMinutes: c.openingMinutes,
        minutesPerSigning: c.minutesPerSigning,
        summary: c.summary
          ? {
              byKind: c.summary.byKind,
              strategicPartners: c.summary.strategicPartners ?? undefined,
              amountWan: c.summary.amountWan ?? undefined,
              note: c.summary.note ?? undefined,
              noteEn: c.summary.noteEn ?? undefined,
            }
          : null,
      });
      const slots = signingTimes(
        session.startsAt,
        c.openingMinutes,
        c.agreements.map(() => c.minutesPerSigning),
      );
      for (const [i, a] of c.agreements.entries()) {
        const agreement = await this.signings.addAgreementIn(em, eventId, ceremony.id, {
          title: a.title,
          titleEn: a.titleEn,
          kind: a.kind,
          facilitator: a.facilitator,
          landing: a.landing,
          amountWan: a.amountWan,
          parties: a.parties,
          witnesses: a.witnesses,
        });
        if (a.status === 'planned') continue;
        if (a.parties.length < 2) throw new Error(`Demo signings ${eventKey}: "${a.title}" needs two parties`);
        const signedAt = a.status === 'signed' ? slots[i].endsAt : null;
        await em.update(Agreement, { id: agreement.id }, { status: a.status, confirmedAt: signedAt ?? now, signedAt });
        if (a.status === 'signed') signed.push((await agreementSignedEventIn(em, agreement.id))!);
      }
    }
    return signed;
  }
}
