import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FileType } from '../../common/file-types.js';
import type { LibraryKind } from '../library-search.js';

/** What an achievement or a demand may carry: brochures and drawings as PDF, photos as PNG, JPEG or WebP. */
export const ATTACHMENT_TYPES = ['pdf', 'png', 'jpeg', 'webp'] as const satisfies readonly FileType[];
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/**
 * A file attached to a library item. The row says what the file is (its type from its bytes, its name, its size);
 * the bytes are under DATA_DIR/attachments/<kind>-<itemId>/<storedName>, never in the database. No foreign key to
 * the item (two libraries share the table): removing an item removes its rows and its folder (LibraryItemService).
 */
@Entity('library_attachments')
@Index(['kind', 'itemId'])
export class LibraryAttachment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 12 })
  kind: LibraryKind;

  @Column({ type: 'integer' })
  itemId: number;

  /** The name shown and sent back (safeFileName: no path, the extension of the real type). */
  @Column({ type: 'varchar', length: 200 })
  filename: string;

  @Column({ type: 'varchar', length: 8 })
  fileType: AttachmentType;

  @Column({ type: 'integer' })
  size: number;

  /** The file's name on disk: random, so that nothing a client sends reaches a path. */
  @Column({ type: 'varchar', length: 64 })
  storedName: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @CreateDateColumn()
  createdAt: Date;
}
