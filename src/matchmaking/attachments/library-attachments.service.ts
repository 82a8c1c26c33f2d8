import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { In, type EntityManager } from 'typeorm';
import { FILE_TYPE_INFO, requireFileType, safeFileName } from '../../common/file-types.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Database } from '../../database/database.service.js';
import type { UploadedFile } from '../../registration/registration-import.service.js';
import { Achievement } from '../achievement.entity.js';
import { Demand } from '../demand.entity.js';
import type { LibraryKind } from '../library-search.js';
import { MatchmakingError } from '../matchmaking.errors.js';
import { ATTACHMENT_TYPES, LibraryAttachment } from './library-attachment.entity.js';

/** The most one attachment may weigh: the multipart limit of every upload (MAX_IMPORT_BYTES), 5 MB. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_ITEM = 10;

export interface StoredFile {
  attachment: LibraryAttachment;
  body: Buffer;
}

const notFound = (id: number) => new MatchmakingError('attachment_not_found', { id });

/**
 * The files attached to achievements and demands: checked by their bytes (PDF, PNG, JPEG, WebP; common/file-types)
 * and size, counted per item, kept under DATA_DIR/attachments/<kind>-<itemId>/ with a random name, described by a
 * row. A file is written before its row (and removed again if the row is refused); a removed row's file goes after
 * the commit, so a file never lacks its row for longer than a write.
 */
@Injectable()
export class LibraryAttachments {
  private readonly logger = new Logger('LibraryAttachments');
  private readonly root: string;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.root = join(config.dataDir, 'attachments');
  }

  private folderOf(kind: LibraryKind, itemId: number): string {
    return join(this.root, `${kind}-${itemId}`);
  }

  list(kind: LibraryKind, itemId: number, em: EntityManager = this.db.manager): Promise<LibraryAttachment[]> {
    return em.find(LibraryAttachment, { where: { kind, itemId }, order: { id: 'ASC' } });
  }

  /** An item's attachments (404 when there is no such item). */
  async listOf(kind: LibraryKind, itemId: number): Promise<LibraryAttachment[]> {
    await this.requireItem(this.db.manager, kind, itemId);
    return this.list(kind, itemId);
  }

  /** The attachments of several items, by item id (items without any are left out). */
  async listFor(kind: LibraryKind, itemIds: readonly number[]): Promise<Map<number, LibraryAttachment[]>> {
    const out = new Map<number, LibraryAttachment[]>();
    for (let i = 0; i < itemIds.length; i += 500) {
      const rows = await this.db.manager.find(LibraryAttachment, {
        where: { kind, itemId: In(itemIds.slice(i, i + 500)) },
        order: { id: 'ASC' },
      });
      for (const row of rows) out.set(row.itemId, [...(out.get(row.itemId) ?? []), row]);
    }
    return out;
  }

  /**
   * Attaches an uploaded file to an item: 400 naming `file` when it is missing, too large or of another type (by its
   * bytes, whatever its name says), 409 when the item has MAX_ATTACHMENTS_PER_ITEM already, 404 for no such item.
   */
  async add(kind: LibraryKind, itemId: number, file: UploadedFile | undefined): Promise<LibraryAttachment> {
    await this.requireItem(this.db.manager, kind, itemId);
    const type = requireFileType(file?.data, ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, { truncated: file?.truncated });
    const data = file!.data;
    const storedName = `${randomBytes(16).toString('hex')}.${FILE_TYPE_INFO[type].extension}`;
    const folder = this.folderOf(kind, itemId);
    const path = join(folder, storedName);
    await mkdir(folder, { recursive: true });
    await writeFile(`${path}.part`, data, { flag: 'wx' });
    await rename(`${path}.part`, path);
    try {
      return await this.db.transaction(async (em) => {
        await this.requireItem(em, kind, itemId, { lock: true });
        const count = await em.countBy(LibraryAttachment, { kind, itemId });
        if (count >= MAX_ATTACHMENTS_PER_ITEM) {
          throw new MatchmakingError('too_many_attachments', { max: MAX_ATTACHMENTS_PER_ITEM }, [
            { field: 'file', reason: `an item has at most ${MAX_ATTACHMENTS_PER_ITEM} attachments; remove one first` },
          ]);
        }
        return em.save(
          em.create(LibraryAttachment, {
            kind,
            itemId,
            filename: safeFileName(file!.filename, type),
            fileType: type,
            size: data.length,
            storedName,
            sha256: createHash('sha256').update(data).digest('hex'),
          }),
        );
      });
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  /** One attachment of an item with its bytes (404 when either is gone). */
  async read(kind: LibraryKind, itemId: number, attachmentId: number): Promise<StoredFile> {
    const attachment = await this.db.manager.findOneBy(LibraryAttachment, { id: attachmentId, kind, itemId });
    if (!attachment) throw notFound(attachmentId);
    try {
      return { attachment, body: await readFile(join(this.folderOf(kind, itemId), attachment.storedName)) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.logger.warn(`attachment ${attachmentId} has no file`);
      throw notFound(attachmentId);
    }
  }

  async remove(kind: LibraryKind, itemId: number, attachmentId: number): Promise<void> {
    const removed = await this.db.transaction(async (em) => {
      const attachment = await em.findOneBy(LibraryAttachment, { id: attachmentId, kind, itemId });
      if (!attachment) throw notFound(attachmentId);
      await em.delete(LibraryAttachment, { id: attachment.id });
      return attachment;
    });
    await rm(join(this.folderOf(kind, itemId), removed.storedName), { force: true });
  }

  /** The rows of an item's attachments, in the transaction that removes the item (then `discardFiles`). */
  async removeAllIn(em: EntityManager, kind: LibraryKind, itemId: number): Promise<void> {
    await em.delete(LibraryAttachment, { kind, itemId });
  }

  /** An item's folder, after the transaction that removed the item and its rows committed. */
  async discardFiles(kind: LibraryKind, itemId: number): Promise<void> {
    await rm(this.folderOf(kind, itemId), { recursive: true, force: true });
  }

  private async requireItem(
    em: EntityManager,
    kind: LibraryKind,
    id: number,
    options: { lock?: boolean } = {},
  ): Promise<void> {
    // On PostgreSQL the item's row is locked so that two uploads cannot both pass the count; SQLite has one writer.
    const lock = options.lock && !this.db.isSqlite ? { lock: { mode: 'pessimistic_write' as const } } : {};
    const found =
      kind === 'achievement'
        ? await em.findOne(Achievement, { where: { id, status: 'active' }, select: { id: true }, ...lock })
        : await em.findOne(Demand, { where: { id, status: 'active' }, select: { id: true }, ...lock });
    if (!found)
      throw new MatchmakingError(kind === 'achievement' ? 'achievement_not_found' : 'demand_not_found', { id });
  }
}
