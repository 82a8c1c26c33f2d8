import { Inject, Injectable } from '@nestjs/common';
import { SigningsReader } from '../../signings/signings-reader.service.js';
import type { AgreementFigures, EventHeader } from '../domain/figures.js';
import { idsOf, type ReportSection } from './report-section.js';

/**
 * The agreements of the events' signing ceremonies: counted totals (signed by kind, strategic partners, amount,
 * landing places, not yet signed) and the ceremonies' summary totals, apart — computed by the signings capability for
 * all the events at once (SigningsReader.totalsByEvent: grouped queries and the signings' own rule for totals).
 */
@Injectable()
export class AgreementsSection implements ReportSection<'agreements'> {
  readonly key = 'agreements';

  constructor(@Inject(SigningsReader) private readonly signings: SigningsReader) {}

  async compute(events: readonly EventHeader[]): Promise<Map<number, AgreementFigures>> {
    return this.signings.totalsByEvent(idsOf(events));
  }
}
