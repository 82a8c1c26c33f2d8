import { createHash } from 'node:crypto';
import { AGREEMENT_KINDS } from '../domain/agreement-status.js';
import { bookTitle } from '../domain/run-sheet.js';
import type { SigningTotals, CeremonyView } from '../signings-reader.service.js';

type T = (key: string, params?: Record<string, unknown>) => string;

export interface ScreenParty {
  organisation: string;
  person: string;
}

/** What the hall screen shows, as text in the screen's language; its script only puts these into place. */
export interface ScreenState {
  /** Changes whenever anything shown changes: the script redraws only then. */
  key: string;
  phase: 'opening' | 'agreement' | 'closing';
  event: string;
  ceremony: string;
  heading: string;
  title: string | null;
  kind: string | null;
  status: string | null;
  left: ScreenParty[];
  right: ScreenParty[];
  notes: string[];
  progress: string;
  totals: { label: string; value: string }[];
  summary: string[];
}

const num = (n: number, locale: string) => n.toLocaleString(locale === 'en' ? 'en' : 'zh-CN');

export function screenState(
  view: CeremonyView,
  totals: SigningTotals,
  context: { event: string; locale: string; t: T; en: boolean },
): ScreenState {
  const { t, en, locale } = context;
  const on = view.agreements.filter((a) => a.agreement.status !== 'withdrawn');
  const current =
    view.stage.phase === 'agreement' ? on.find((a) => a.agreement.id === view.stage.agreementId) : undefined;
  const number = current ? on.indexOf(current) + 1 : 0;
  const name = (zh: string, english: string | null) => (en && english ? english : zh);
  const party = (p: CeremonyView['agreements'][number]['parties'][number]): ScreenParty => ({
    organisation: name(p.organisation.name, p.organisation.nameEn),
    person: p.signatory
      ? `${p.party.signatoryTitle ?? ''}${en && p.signatory.nameEn ? ` ${p.signatory.nameEn}` : p.signatory.name}`.trim()
      : '',
  });
  const c = totals.counted;
  const shown: ScreenState['totals'] = [{ label: t('signings.screen.signed'), value: num(c.signed, locale) }];
  for (const kind of AGREEMENT_KINDS)
    if (c.bySignedKind[kind] > 0)
      shown.push({ label: t(`signings.kind.${kind}`), value: num(c.bySignedKind[kind], locale) });
  if (c.strategicPartners > 0)
    shown.push({ label: t('signings.screen.partners'), value: num(c.strategicPartners, locale) });
  if (c.amountWan > 0)
    shown.push({ label: t('signings.screen.amount'), value: t('signings.wan', { n: num(c.amountWan, locale) }) });
  if (c.landingPlaces.length)
    shown.push({
      label: t('signings.screen.places'),
      value: c.landingPlaces.map((p) => p.label).join(en ? ', ' : '、'),
    });
  const summary = view.ceremony.summary;
  const summaryLines: string[] = [];
  if (summary) {
    const parts = AGREEMENT_KINDS.filter((k) => (summary.byKind[k] ?? 0) > 0).map((k) =>
      t('signings.screen.summaryKind', { kind: t(`signings.kind.${k}`), n: num(summary.byKind[k]!, locale) }),
    );
    if (summary.strategicPartners)
      parts.push(t('signings.screen.summaryPartners', { n: num(summary.strategicPartners, locale) }));
    if (summary.amountWan) parts.push(t('signings.wan', { n: num(summary.amountWan, locale) }));
    const note = en ? (summary.noteEn ?? summary.note) : summary.note;
    if (parts.length) summaryLines.push(t('signings.screen.summary', { parts: parts.join(en ? ', ' : '，') }));
    if (note) summaryLines.push(note);
  }
  const a = current?.agreement;
  const state: Omit<ScreenState, 'key'> = {
    phase: view.stage.phase,
    event: context.event,
    ceremony: name(view.session.title, view.session.titleEn),
    heading: current
      ? t('signings.screen.itemN', { n: number })
      : view.stage.phase === 'closing'
        ? t('signings.screen.closing')
        : t('signings.screen.opening'),
    title: a ? (en && a.titleEn ? a.titleEn : bookTitle(a.title)) : null,
    kind: a ? t(`signings.kind.${a.kind}`) : null,
    status: a ? t(`signings.status.${a.status}`) : null,
    left: current ? current.parties.filter((p) => p.party.side === 'left').map(party) : [],
    right: current ? current.parties.filter((p) => p.party.side === 'right').map(party) : [],
    notes: current
      ? [
          current.facilitator
            ? t('signings.screen.facilitator', { name: name(current.facilitator.name, current.facilitator.nameEn) })
            : null,
          current.landing ? t('signings.screen.landing', { place: current.landing }) : null,
        ].filter((n): n is string => !!n)
      : [],
    progress: current ? `${number} / ${on.length}` : t('signings.screen.count', { n: on.length }),
    totals: shown,
    summary: summaryLines,
  };
  return { key: createHash('sha256').update(JSON.stringify(state)).digest('hex').slice(0, 16), ...state };
}
