/** The titles an event shows: full (pages, documents) and short (subjects, badges, scanners, narrow screens). */
export interface EventTitles {
  title: string;
  titleEn?: string | null;
  shortTitle?: string | null;
  shortTitleEn?: string | null;
}

/**
 * The short title (简称) in a language: the short title of that language, else the full title of that language;
 * English falls back to the Chinese short title, then the Chinese title.
 */
export function shortTitleOf(event: EventTitles, locale: 'zh-CN' | 'en'): string {
  if (locale === 'en') return event.shortTitleEn || event.titleEn || event.shortTitle || event.title;
  return event.shortTitle || event.title;
}
