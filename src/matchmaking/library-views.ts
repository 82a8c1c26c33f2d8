import { CommonError } from '../common/domain-error.js';
import { FILE_TYPE_INFO } from '../common/file-types.js';
import type { Achievement } from './achievement.entity.js';
import type { LibraryAttachment } from './attachments/library-attachment.entity.js';
import type { Demand } from './demand.entity.js';
import type { EventListing } from './event-listing.entity.js';
import type { LibraryKind } from './library-search.js';
import type { MatchCategory } from './match-category.entity.js';

export interface ViewOptions {
  /** Organisers see the contact's email and phone; the public sees the name only. */
  contactDetails: boolean;
  listing?: EventListing;
  /** The item's attachments, with the address each is served at for this reader. */
  attachments?: AttachmentJson[];
}

export function attachmentJson(a: LibraryAttachment, url: string) {
  return {
    id: a.id,
    filename: a.filename,
    type: a.fileType,
    contentType: FILE_TYPE_INFO[a.fileType].contentType,
    size: a.size,
    url,
    createdAt: a.createdAt,
  };
}

export type AttachmentJson = ReturnType<typeof attachmentJson>;

function categoryJson(code: string, categories: ReadonlyMap<string, MatchCategory>) {
  const c = categories.get(code);
  return { code, name: c?.name ?? code, nameEn: c?.nameEn ?? null };
}

function contactJson(item: Achievement | Demand, options: ViewOptions) {
  const p = item.contact;
  if (!p) return null;
  return options.contactDetails
    ? { id: p.id, name: p.name, email: p.email, phone: p.phone }
    : { id: p.id, name: p.name };
}

function listingJson(listing: EventListing | undefined) {
  return listing ? { listName: listing.listName, listNameEn: listing.listNameEn, position: listing.position } : {};
}

export function achievementJson(a: Achievement, categories: ReadonlyMap<string, MatchCategory>, options: ViewOptions) {
  return {
    id: a.id,
    title: a.title,
    titleEn: a.titleEn,
    summary: a.summary,
    category: categoryJson(a.categoryCode, categories),
    maturity: a.maturity,
    transferModes: a.transferModes,
    owner: a.owner ? { id: a.owner.id, name: a.owner.name, nameEn: a.owner.nameEn } : { id: a.ownerOrganisationId },
    contact: contactJson(a, options),
    keywords: a.keywords,
    patents: a.patents,
    cooperationSought: a.cooperationSought,
    ...listingJson(options.listing),
    ...(options.attachments ? { attachments: options.attachments } : {}),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function demandJson(d: Demand, categories: ReadonlyMap<string, MatchCategory>, options: ViewOptions) {
  return {
    id: d.id,
    title: d.title,
    titleEn: d.titleEn,
    description: d.description,
    category: categoryJson(d.categoryCode, categories),
    publisher: d.publisher
      ? { id: d.publisher.id, name: d.publisher.name, nameEn: d.publisher.nameEn }
      : { id: d.publisherOrganisationId },
    city: d.city,
    budgetMin: d.budgetMin,
    budgetMax: d.budgetMax,
    deadline: d.deadline,
    openCall: d.openCall,
    contact: contactJson(d, options),
    ...listingJson(options.listing),
    ...(options.attachments ? { attachments: options.attachments } : {}),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export type AchievementJson = ReturnType<typeof achievementJson>;
export type DemandJson = ReturnType<typeof demandJson>;

/** The path segment of a library (`achievements`, `demands`) as its kind; 404 for anything else. */
export function libraryKindOf(path: string): LibraryKind {
  if (path === 'achievements') return 'achievement';
  if (path === 'demands') return 'demand';
  throw new CommonError('not_found');
}
