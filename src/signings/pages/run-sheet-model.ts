import { formatInZone } from '../../common/time.js';
import type { AgreementKind } from '../domain/agreement-status.js';
import type { RunSheet, Seat } from '../domain/run-sheet.js';

/**
 * The run sheet as the printed page and the .docx show it: every text already in the reader's language (the emcee's
 * lines stay Chinese: the emcee reads them out in the hall), times in the event's zone.
 */
export interface RunSheetModel {
  title: string;
  meta: { label: string; value: string }[];
  overrun: string | null;
  columns: {
    number: string;
    time: string;
    agreement: string;
    left: string;
    right: string;
    witnesses: string;
    notes: string;
  };
  rows: {
    number: number;
    time: string;
    title: string;
    kind: string;
    left: string[];
    right: string[];
    witnesses: string[];
    notes: string[];
  }[];
  stageHeading: string;
  stage: {
    heading: string;
    onStageLabel: string;
    onStage: string[];
    seatsLabel: string;
    left: SeatText[];
    right: SeatText[];
  }[];
  emceeHeading: string;
  lines: { label: string; time: string; text: string; after: string | null }[];
}

export interface SeatText {
  seat: string;
  /** The nameplate (桌签): the organisation, and the signatory when named. */
  organisation: string;
  person: string;
}

export interface RunSheetText {
  t: (key: string, params?: Record<string, unknown>) => string;
  timezone: string;
  locale: string;
}

export function runSheetModel(
  sheet: RunSheet,
  context: { event: string; ceremony: string; place: string | null; startsAt: Date; endsAt: Date },
  text: RunSheetText,
): RunSheetModel {
  const { t } = text;
  const time = (at: Date) => formatInZone(at, text.timezone, text.locale, 'time');
  const kind = (k: AgreementKind) => t(`signings.kind.${k}`);
  const seatText = (s: Seat): SeatText => ({
    seat: s.seat,
    organisation: s.organisation,
    person: s.signatory ? `${s.signatoryTitle ?? ''}${s.signatory}` : (s.signatoryTitle ?? ''),
  });
  const partyLine = (s: Seat) =>
    s.signatory ? `${s.organisation} ${s.signatoryTitle ?? ''}${s.signatory}` : s.organisation;
  return {
    title: t('signings.sheet.heading', { ceremony: context.ceremony }),
    meta: [
      { label: t('signings.sheet.event'), value: context.event },
      {
        label: t('signings.sheet.when'),
        value: `${formatInZone(context.startsAt, text.timezone, text.locale, 'date')} ${time(context.startsAt)}–${time(context.endsAt)}`,
      },
      ...(context.place ? [{ label: t('signings.sheet.place'), value: context.place }] : []),
      { label: t('signings.sheet.count'), value: t('signings.sheet.countValue', { n: sheet.items.length }) },
    ],
    overrun: sheet.overrunMinutes > 0 ? t('signings.sheet.overrun', { n: sheet.overrunMinutes }) : null,
    columns: {
      number: t('signings.sheet.col.number'),
      time: t('signings.sheet.col.time'),
      agreement: t('signings.sheet.col.agreement'),
      left: t('signings.sheet.col.left'),
      right: t('signings.sheet.col.right'),
      witnesses: t('signings.sheet.col.witnesses'),
      notes: t('signings.sheet.col.notes'),
    },
    rows: sheet.items.map((item) => ({
      number: item.number,
      time: `${time(item.startsAt)}–${time(item.endsAt)}`,
      title: item.agreement.title,
      kind: kind(item.agreement.kind),
      left: item.seats.left.map(partyLine),
      right: item.seats.right.map(partyLine),
      witnesses: item.witnesses,
      notes: [
        item.agreement.facilitator ? t('signings.sheet.facilitator', { name: item.agreement.facilitator }) : null,
        item.agreement.landing ? t('signings.sheet.landing', { place: item.agreement.landing }) : null,
      ].filter((n): n is string => !!n),
    })),
    stageHeading: t('signings.sheet.stage'),
    stage: sheet.items.map((item) => ({
      heading: t('signings.sheet.stageItem', {
        n: item.number,
        time: time(item.startsAt),
        title: item.agreement.title,
      }),
      onStageLabel: t('signings.sheet.onStage'),
      onStage: [...item.signatories, ...item.witnesses.map((w) => t('signings.sheet.asWitness', { name: w }))],
      seatsLabel: t('signings.sheet.seats'),
      left: item.seats.left.map(seatText),
      right: item.seats.right.map(seatText),
    })),
    emceeHeading: t('signings.sheet.emcee'),
    lines: [
      { label: t('signings.sheet.opening'), time: time(sheet.opening.startsAt), text: sheet.opening.line, after: null },
      ...sheet.items.map((item) => ({
        label: t('signings.sheet.itemN', { n: item.number }),
        time: time(item.startsAt),
        text: item.line,
        after: item.after,
      })),
      { label: t('signings.sheet.closing'), time: time(sheet.closing.startsAt), text: sheet.closing.line, after: null },
    ],
  };
}
