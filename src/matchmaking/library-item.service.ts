import type { EntityManager, FindOptionsRelations, FindOptionsWhere } from 'typeorm';
import type { OrganisationKind } from '../directory/organisation.entity.js';
import type { Database } from '../database/database.service.js';
import type { Achievement, LibraryItemStatus } from './achievement.entity.js';
import type { LibraryAttachments } from './attachments/library-attachments.service.js';
import type { Demand } from './demand.entity.js';
import { EventListing } from './event-listing.entity.js';
import type { LibraryContacts } from './library-contacts.service.js';
import { itemsByIds, libraryPage, type LibraryPageQuery } from './library-query.js';
import { LibrarySearch, searchColumns, type LibraryKind, type SearchDocument } from './library-search.js';
import type { LibraryVersion } from './library-version.js';
import { MatchmakingError } from './matchmaking.errors.js';
import { RecommendationOverride } from './recommendation-override.entity.js';

export type LibraryItem = Achievement | Demand;

export interface StageOptions {
  status: LibraryItemStatus;
  importId: string | null;
}

/** Created one by one (API, console, demo): visible at once. */
export const VISIBLE: StageOptions = { status: 'active', importId: null };

/** What tells one library from the other. */
export interface LibraryItemSpec<T extends LibraryItem> {
  kind: LibraryKind;
  entity: new () => T;
  /** The relation to the organisation: who owns the achievement, who publishes the demand. */
  organisation: 'owner' | 'publisher';
  /** What is searched, given the item and its organisation's name. */
  document: (item: T, organisation: string) => SearchDocument;
}

/** The parties of an item as a change names them (absent: as they are). */
export interface PartiesChange {
  organisation?: string;
  organisationKind?: OrganisationKind;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
}

export interface Collaborators {
  db: Database;
  contacts: LibraryContacts;
  version: LibraryVersion;
  attachments: LibraryAttachments;
}

/**
 * What the achievement and the demand libraries share: reading an item (with its organisation and contact), pages
 * with search, the search-index entry written with the item, the parties found through the directory, removal with
 * everything hanging on an item (listings, organisers' words on recommendations, attachments), and writes that tell
 * the recommendation indexes they are stale (LibraryVersion). The subclasses hold what differs: the fields.
 */
export abstract class LibraryItemService<T extends LibraryItem> {
  readonly search: LibrarySearch;
  readonly kind: LibraryKind;
  protected readonly db: Database;
  protected readonly version: LibraryVersion;
  protected readonly contacts: LibraryContacts;
  private readonly attachments: LibraryAttachments;
  private readonly relations: FindOptionsRelations<T>;

  protected constructor(
    collaborators: Collaborators,
    private readonly spec: LibraryItemSpec<T>,
  ) {
    ({ db: this.db, version: this.version, contacts: this.contacts, attachments: this.attachments } = collaborators);
    this.kind = spec.kind;
    this.search = new LibrarySearch(this.db.isSqlite);
    this.relations = { [spec.organisation]: true, contact: true } as FindOptionsRelations<T>;
  }

  get(id: number): Promise<T> {
    return this.getIn(this.db.manager, id);
  }

  /** A visible item with its organisation and contact, or 404. */
  async getIn(em: EntityManager, id: number): Promise<T> {
    const found = await em.findOne(this.spec.entity, {
      where: { id, status: 'active' } as FindOptionsWhere<T>,
      relations: this.relations,
    });
    if (!found) throw new MatchmakingError(`${this.kind}_not_found`, { id });
    return found;
  }

  /** Items by id, in the order given (unknown ids left out). */
  byIds(ids: readonly number[], em: EntityManager = this.db.manager): Promise<T[]> {
    return itemsByIds(em, this.spec.entity, ids, this.relations);
  }

  async page(query: LibraryPageQuery & { eventId?: number }) {
    const page = await libraryPage(this.db.manager, this.search, this.kind, query);
    return { ...page, items: await this.byIds(page.ids) };
  }

  /** Rewrites the stored search text and the index entry (SQLite FTS5) of an item loaded with its organisation. */
  async reindex(em: EntityManager, item: T): Promise<void> {
    const columns = this.searchable(item, this.organisationOf(item)?.name ?? '');
    await em.update(this.spec.entity, item.id, columns as never);
    await this.search.write(em, this.kind, [{ id: item.id, ...columns }]);
  }

  /** Removes an item with its listings, the recommendation pins and hides naming it, and its attachments. */
  async remove(id: number): Promise<void> {
    await this.write(async (em) => {
      await this.getIn(em, id);
      await em.delete(EventListing, { kind: this.kind, itemId: id });
      await em.delete(RecommendationOverride, { fromKind: this.kind, fromId: id });
      await em.delete(RecommendationOverride, { toKind: this.kind, toId: id });
      await this.attachments.removeAllIn(em, this.kind, id);
      await this.search.remove(em, this.kind, [id]);
      await em.delete(this.spec.entity, id);
    });
    await this.attachments.discardFiles(this.kind, id);
  }

  /** One write transaction that changes the libraries: the recommendation indexes learn it inside and after. */
  protected async write<R>(work: (em: EntityManager) => Promise<R>): Promise<R> {
    const result = await this.db.transaction((em) => {
      this.version.bump();
      return work(em);
    });
    this.version.bump();
    return result;
  }

  /** Saves a new item with its search columns and index entry; `organisation` is its organisation's name. */
  protected async insertIn(em: EntityManager, item: T, organisation: string): Promise<T> {
    Object.assign(item, this.searchable(item, organisation));
    await em.save(item);
    await this.search.write(em, this.kind, [item]);
    return item;
  }

  /** Saves a changed item and answers it as read again, reindexed (the loaded relations would win over new ids). */
  protected async saveChangedIn(em: EntityManager, item: T): Promise<T> {
    Reflect.deleteProperty(item, this.spec.organisation);
    delete item.contact;
    await em.save(item);
    const saved = await this.getIn(em, item.id);
    await this.reindex(em, saved);
    return saved;
  }

  /**
   * The organisation and contact of an item after a change: found or added through the directory when the change
   * names the organisation or the contact, else null (unchanged). Unnamed parts stay as they are.
   */
  protected async changedPartiesIn(
    em: EntityManager,
    item: T,
    change: PartiesChange,
  ): Promise<{ organisationId: number; personId: number | null } | null> {
    if (change.organisation === undefined && change.contactName === undefined && change.contactEmail === undefined) {
      return null;
    }
    const contact = item.contact;
    return this.contacts.resolveIn(em, {
      organisation: change.organisation ?? this.organisationOf(item)!.name,
      organisationKind: change.organisationKind ?? 'enterprise',
      contactName: change.contactName ?? contact?.name,
      contactEmail: change.contactEmail ?? contact?.email,
      contactPhone: change.contactPhone ?? contact?.phone,
    });
  }

  /** The parties of a new item, found or added through the directory. */
  protected newPartiesIn(em: EntityManager, parties: PartiesChange & { organisation: string }) {
    return this.contacts.resolveIn(em, {
      organisation: parties.organisation,
      organisationKind: parties.organisationKind ?? 'enterprise',
      contactName: parties.contactName,
      contactEmail: parties.contactEmail,
      contactPhone: parties.contactPhone,
    });
  }

  private organisationOf(item: T): { name: string } | undefined {
    return Reflect.get(item, this.spec.organisation) as { name: string } | undefined;
  }

  private searchable(item: T, organisation: string) {
    return searchColumns(this.spec.document(item, organisation));
  }
}

export function cleanKeywords(keywords: readonly string[] | undefined): string[] {
  return [...new Set((keywords ?? []).map((k) => k.trim()).filter(Boolean))];
}
