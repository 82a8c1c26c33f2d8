import { Inject, Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import QRCode from 'qrcode';
import { IsNull, type EntityManager } from 'typeorm';
import { qrPng } from '../common/qr-image.js';
import { Database } from '../database/database.service.js';
import { SqlRunner } from '../database/sql-runner.js';
import { Badge } from './badge.entity.js';
import { generateEventKeyPair, privateKeyFrom, signBadge } from './badge-token.js';
import { EventKey } from './event-key.entity.js';

/** Owns events' signing keys and the badge codes issued to confirmed registrations. */
@Injectable()
export class BadgesService {
  constructor(@Inject(Database) private readonly db: Database) {}

  /** The event's key pair, created on first use (safe when two instances race: the first insert wins). */
  async ensureKey(em: EntityManager, eventId: number): Promise<EventKey> {
    const known = this.keysIn.get(em)?.get(eventId);
    if (known) return known;
    const existing = await SqlRunner.of(em.connection).selectOne(em, EventKey, 'WHERE "eventId" = $1', [eventId]);
    if (existing) {
      // Kept for the rest of this transaction (a group commit's registrations): a key row never changes. Only a key
      // that was there is kept, not one written here, which a failing registration's savepoint may still undo.
      let keys = this.keysIn.get(em);
      if (!keys) this.keysIn.set(em, (keys = new Map()));
      keys.set(eventId, existing);
      return existing;
    }
    const pair = generateEventKeyPair();
    await em
      .createQueryBuilder()
      .insert()
      .into(EventKey)
      .values({ eventId, ...pair })
      .orIgnore()
      .execute();
    return em.findOneByOrFail(EventKey, { eventId });
  }

  /** Revokes the registration's current badge, if any, and issues a new one (`first`: a new registration has none). */
  async issue(
    em: EntityManager,
    eventId: number,
    registrationId: number,
    options: { first?: boolean } = {},
  ): Promise<Badge> {
    const key = await this.ensureKey(em, eventId);
    if (!options.first) await this.revoke(em, registrationId);
    const serial = options.first ? 1 : (await em.countBy(Badge, { registrationId })) + 1;
    const code = signBadge({ eventId, registrationId, serial }, this.signingKey(key));
    // The row written is known: it is not read back.
    const values = { eventId, registrationId, code, revokedAt: null, issuedAt: new Date() };
    const id = await SqlRunner.of(em.connection).insert(em, Badge, values);
    return Object.assign(new Badge(), { id: id!, ...values });
  }

  private readonly keys = new Map<number, { pkcs8: string; key: KeyObject }>();

  /** Event keys read in a transaction, by its EntityManager (see `ensureKey`). */
  private readonly keysIn = new WeakMap<EntityManager, Map<number, EventKey>>();

  /** Parsed private keys are cached: parsing PKCS#8 costs more than signing. */
  private signingKey(stored: EventKey): KeyObject {
    const cached = this.keys.get(stored.eventId);
    if (cached && cached.pkcs8 === stored.privateKey) return cached.key;
    const key = privateKeyFrom(stored.privateKey);
    this.keys.set(stored.eventId, { pkcs8: stored.privateKey, key });
    return key;
  }

  async revoke(em: EntityManager, registrationId: number): Promise<void> {
    await em.update(Badge, { registrationId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  current(registrationId: number): Promise<Badge | null> {
    return this.db.manager.findOneBy(Badge, { registrationId, revokedAt: IsNull() });
  }

  /** QR code images; badges printed on paper use error correction Q, screens and emails M. */
  qrPng(code: string, options: { level?: 'M' | 'Q'; scale?: number } = {}): Promise<Buffer> {
    return qrPng(code, options);
  }

  qrSvg(code: string, options: { level?: 'M' | 'Q' } = {}): Promise<string> {
    return QRCode.toString(code, { errorCorrectionLevel: options.level ?? 'M', margin: 2, type: 'svg' });
  }
}
