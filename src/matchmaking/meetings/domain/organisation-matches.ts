/**
 * Supply meets demand across organisations: for a person about to choose whom to meet, the achievements and demands
 * their organisation has in the libraries are matched against those of the other participants' organisations — the
 * person's demands against the others' achievements, the person's achievements against the others' demands — with the
 * relevance of domain/relevance.ts (filler words left out). For each other organisation the best pair, with the
 * shared terms that explain it: "贵单位发布的需求《…》与对方的成果《…》相关". Pure.
 */
import { RelevanceIndex, type Maturity, type RelevanceDocument } from '../../domain/relevance.js';

export interface OrganisationItem {
  kind: 'achievement' | 'demand';
  id: number;
  organisationId: number;
  title: string;
  titleEn: string | null;
  body: string;
  keywords?: readonly string[];
  /** The category's code (compared as it is). */
  category: string;
  maturity?: Maturity | null;
}

export interface OrganisationMatch {
  /** The item of the person's own organisation. */
  mine: OrganisationItem;
  /** The other organisation's item it meets. */
  theirs: OrganisationItem;
  score: number;
  sharedTerms: string[];
}

export interface MatchOptions {
  /** How many of the other side's items each of mine is compared with closely (default 5). */
  perItem?: number;
}

const documentOf = (item: OrganisationItem): Omit<RelevanceDocument, 'id'> => ({
  title: item.title,
  keywords: item.keywords,
  body: item.body,
  category: item.category,
  maturity: item.maturity ?? null,
});

/**
 * The best pair per other organisation (by organisation id), only pairs sharing at least one telling term. Items of
 * the person's own organisation among `theirs` are left out: colleagues are not matched with each other.
 */
export function organisationMatches(
  mine: readonly OrganisationItem[],
  theirs: readonly OrganisationItem[],
  options: MatchOptions = {},
): Map<number, OrganisationMatch> {
  const own = new Set(mine.map((i) => i.organisationId));
  const others = theirs.filter((i) => !own.has(i.organisationId));
  const byKey = new Map(others.map((i) => [`${i.kind}:${i.id}`, i]));
  const indexOf = (kind: OrganisationItem['kind']) =>
    new RelevanceIndex().addAll(
      others.filter((i) => i.kind === kind).map((i) => ({ id: `${i.kind}:${i.id}`, ...documentOf(i) })),
    );
  const indexes = { achievement: indexOf('achievement'), demand: indexOf('demand') };
  const best = new Map<number, OrganisationMatch>();
  for (const item of mine) {
    // A demand meets achievements; an achievement meets demands.
    const index = indexes[item.kind === 'demand' ? 'achievement' : 'demand'];
    if (index.size === 0) continue;
    const found = index.recommend(documentOf(item), { category: item.category, limit: options.perItem ?? 5 });
    for (const r of found) {
      if (r.reasons.sharedTerms.length === 0) continue;
      const theirsItem = byKey.get(r.id)!;
      const current = best.get(theirsItem.organisationId);
      if (!current || r.score > current.score) {
        best.set(theirsItem.organisationId, {
          mine: item,
          theirs: theirsItem,
          score: r.score,
          sharedTerms: r.reasons.sharedTerms,
        });
      }
    }
  }
  return best;
}

/**
 * The match in one sentence, from the person's side: "贵单位发布的需求《A》与对方的成果《B》相关（共同关键词：x、y）" /
 * "Your organisation’s demand “A” relates to their achievement “B” (shared keywords: x, y)".
 */
export function describeOrganisationMatch(match: OrganisationMatch, locale: 'zh-CN' | 'en'): string {
  const { mine, theirs, sharedTerms } = match;
  if (locale === 'zh-CN') {
    const sentence =
      mine.kind === 'demand'
        ? `贵单位发布的需求《${mine.title}》与对方的成果《${theirs.title}》相关`
        : `贵单位的成果《${mine.title}》与对方发布的需求《${theirs.title}》相关`;
    return `${sentence}（共同关键词：${sharedTerms.join('、')}）`;
  }
  const title = (i: OrganisationItem) => `“${i.titleEn ?? i.title}”`;
  const sentence =
    mine.kind === 'demand'
      ? `Your organisation’s demand ${title(mine)} relates to their achievement ${title(theirs)}`
      : `Your organisation’s achievement ${title(mine)} relates to their demand ${title(theirs)}`;
  return `${sentence} (shared keywords: ${sharedTerms.join(', ')})`;
}
