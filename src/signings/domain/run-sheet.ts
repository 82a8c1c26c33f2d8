import type { AgreementKind, AgreementStatus, PartySide } from './agreement-status.js';

/**
 * The run sheet (流程单) of a signing ceremony, as plain data: the order of the signings with the planned time of each
 * (from the session's start, an opening and a duration per signing), who walks on stage, where they sit and the
 * nameplates, and the emcee's lines (主持词) in Chinese. The printable page and the .docx are both drawn from this.
 */

export interface SheetParty {
  organisation: string;
  signatory: string | null;
  signatoryTitle: string | null;
  side: PartySide;
}

export interface SheetWitness {
  name: string;
  title: string | null;
  organisation: string | null;
}

export interface SheetAgreement {
  id: number;
  title: string;
  kind: AgreementKind;
  status: AgreementStatus;
  /** Minutes for this signing; null: the ceremony's default. */
  minutes: number | null;
  /** In the agreement's order (as named in the title). */
  parties: SheetParty[];
  witnesses: SheetWitness[];
  facilitator: string | null;
  /** Where the project lands, as written (四川省资阳市). */
  landing: string | null;
}

export interface SheetCeremony {
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** Opening remarks before the first signing. */
  openingMinutes: number;
  minutesPerSigning: number;
}

export interface Seat {
  /** 左1, 右2, …: numbered from the centre of the signing table outwards, as the audience sees it. */
  seat: string;
  side: PartySide;
  organisation: string;
  signatory: string | null;
  signatoryTitle: string | null;
}

export interface RunSheetItem {
  /** 1-based, over the signings on the sheet (withdrawn agreements are left out). */
  number: number;
  agreement: SheetAgreement;
  startsAt: Date;
  endsAt: Date;
  minutes: number;
  /** Who walks on stage: the signatories, then the witnesses, each as the emcee names them. */
  signatories: string[];
  witnesses: string[];
  seats: { left: Seat[]; right: Seat[] };
  /** The emcee's line introducing the signing, and the one after it. */
  line: string;
  after: string | null;
}

export interface RunSheet {
  opening: { startsAt: Date; line: string };
  items: RunSheetItem[];
  closing: { startsAt: Date; line: string };
  /** When the last signing ends. */
  endsAt: Date;
  /** Minutes past the session's end (0 when the signings fit). */
  overrunMinutes: number;
}

/** How the emcee names each kind of agreement. */
export const KIND_NAMES_ZH: Record<AgreementKind, string> = {
  strategic: '战略合作协议',
  project: '项目合作协议',
  technology_transfer: '技术转让协议',
  order: '订货协议',
  investment: '投资协议',
};

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五, 100 → 一百 (up to 999; beyond, Arabic digits). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const tail =
    rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest);
  return `${DIGITS[Math.floor(n / 100)]}百${tail}`;
}

/** The title in book-title marks, once: 《…》. */
export function bookTitle(title: string): string {
  const t = title.trim();
  return /^《.*》$/.test(t) ? t : `《${t.replace(/^《|》$/g, '')}》`;
}

/** A signatory as the emcee names them: 单位 + 职务 + 姓名; without a name, 单位 + 职务, or 单位代表. */
export function signatoryPhrase(party: SheetParty): string {
  if (party.signatory) return `${party.organisation}${party.signatoryTitle ?? ''}${party.signatory}`;
  if (party.signatoryTitle) return `${party.organisation}${party.signatoryTitle}`;
  return `${party.organisation}代表`;
}

/** A witness as the emcee names them: 单位 + 职务 + 姓名 (the parts given). */
export function witnessPhrase(witness: SheetWitness): string {
  return `${witness.organisation ?? ''}${witness.title ?? ''}${witness.name}`;
}

/** The planned start and end of each signing: one after another from the session's start and the opening. */
export function signingTimes(startsAt: Date, openingMinutes: number, minutes: readonly number[]) {
  let at = startsAt.getTime() + openingMinutes * 60_000;
  return minutes.map((m) => {
    const slot = { startsAt: new Date(at), endsAt: new Date(at + m * 60_000) };
    at = slot.endsAt.getTime();
    return slot;
  });
}

/** Seats on each side of the signing table, in the parties' order. */
export function seatPlan(parties: readonly SheetParty[]): { left: Seat[]; right: Seat[] } {
  const side = (s: PartySide, prefix: string) =>
    parties
      .filter((p) => p.side === s)
      .map((p, i) => ({
        seat: `${prefix}${i + 1}`,
        side: s,
        organisation: p.organisation,
        signatory: p.signatory,
        signatoryTitle: p.signatoryTitle,
      }));
  return { left: side('left', '左'), right: side('right', '右') };
}

/** "下面进行第三项签约：《…》（由…助推，项目落地…）。有请……上台签约，有请……见证。" */
export function signingLine(number: number, agreement: SheetAgreement): string {
  const notes = [
    agreement.facilitator ? `由${agreement.facilitator}助推` : null,
    agreement.landing ? `项目落地${agreement.landing}` : null,
  ].filter(Boolean);
  const head = `下面进行第${chineseNumber(number)}项签约：${bookTitle(agreement.title)}${notes.length ? `（${notes.join('，')}）` : ''}。`;
  const signers = agreement.parties.map(signatoryPhrase);
  const witnesses = agreement.witnesses.map(witnessPhrase);
  if (signers.length === 0) return head;
  const invite = `有请${signers.join('、')}上台签约`;
  return `${head}${invite}${witnesses.length ? `，有请${witnesses.join('、')}见证` : ''}。`;
}

/** What the emcee says once the signatures are on paper. */
export function afterLine(parties: number): string | null {
  if (parties < 2) return null;
  return `请签约${parties === 2 ? '双' : '各'}方交换文本，握手合影。`;
}

export function openingLine(title: string, agreements: readonly Pick<SheetAgreement, 'kind'>[]): string {
  const greeting = `尊敬的各位领导、各位来宾：下面举行${title.trim()}。`;
  if (agreements.length === 0) return `${greeting}`;
  const counts = new Map<AgreementKind, number>();
  for (const a of agreements) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  const kinds = [...counts.entries()];
  const breakdown =
    kinds.length === 1
      ? `，均为${KIND_NAMES_ZH[kinds[0][0]]}`
      : `，其中${kinds.map(([kind, n]) => `${KIND_NAMES_ZH[kind]}${n}项`).join('、')}`;
  return `${greeting}本次仪式共有${agreements.length}项签约${breakdown}。`;
}

export function closingLine(signings: number): string {
  const photo = signings > 0 ? '请全体签约代表和见证嘉宾上台合影留念。' : '';
  return `${photo}${signings > 0 ? '' : '本次'}签约仪式到此结束，感谢各位！祝愿各方合作顺利，项目早日落地见效。`;
}

/** The whole run sheet: withdrawn agreements are left out, the rest keep their order. */
export function buildRunSheet(ceremony: SheetCeremony, agreements: readonly SheetAgreement[]): RunSheet {
  const onSheet = agreements.filter((a) => a.status !== 'withdrawn');
  const minutes = onSheet.map((a) => a.minutes ?? ceremony.minutesPerSigning);
  const times = signingTimes(ceremony.startsAt, ceremony.openingMinutes, minutes);
  const items = onSheet.map((agreement, i) => ({
    number: i + 1,
    agreement,
    ...times[i],
    minutes: minutes[i],
    signatories: agreement.parties.map(signatoryPhrase),
    witnesses: agreement.witnesses.map(witnessPhrase),
    seats: seatPlan(agreement.parties),
    line: signingLine(i + 1, agreement),
    after: afterLine(agreement.parties.length),
  }));
  const endsAt = items.at(-1)?.endsAt ?? new Date(ceremony.startsAt.getTime() + ceremony.openingMinutes * 60_000);
  return {
    opening: { startsAt: ceremony.startsAt, line: openingLine(ceremony.title, onSheet) },
    items,
    closing: { startsAt: endsAt, line: closingLine(items.length) },
    endsAt,
    overrunMinutes: Math.max(0, Math.ceil((endsAt.getTime() - ceremony.endsAt.getTime()) / 60_000)),
  };
}
