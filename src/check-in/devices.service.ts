import { Inject, Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { hashToken, newToken } from '../common/tokens.js';
import { Database } from '../database/database.service.js';
import { CheckInDevice } from './check-in-device.entity.js';
import { CheckInError } from './check-in.errors.js';
import { CheckInListsService } from './check-in-lists.service.js';

/** A pairing code works for a day; a paired device until it is revoked. */
const PAIRING_LIFETIME_MS = 24 * 3600_000;
/** How often a device's last-seen time is written (not at every scan). */
const SEEN_EVERY_MS = 60_000;
/**
 * A device token is trusted this long before it is looked up again. Revoking in this process applies at once;
 * other instances (several on PostgreSQL) stop the device within this time.
 */
const TRUST_MS = 5000;
/**
 * Device tokens carry a prefix that no user token has ("." is outside a user token's alphabet), so the global
 * access guard, which tries every bearer token as a user's, turns them down without a database query.
 */
const DEVICE_TOKEN = /^dv\.[\w-]{43}$/;

export interface AuthenticatedDevice {
  id: number;
  eventId: number;
  listId: number;
  name: string;
}

/**
 * Owns paired scanner devices: an organiser issues a pairing code for one event and one list (shown once, as a QR
 * code); the first device to open it gets its own device token and the code stops working; revoking stops the device
 * at once. Only SHA-256 hashes of both tokens are stored.
 */
@Injectable()
export class DevicesService {
  private readonly seen = new Map<number, number>();
  private readonly trusted = new Map<string, { device: AuthenticatedDevice; at: number }>();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(CheckInListsService) private readonly lists: CheckInListsService,
  ) {}

  async issue(
    eventId: number,
    input: { name: string; listId: number },
    userId: number | null,
  ): Promise<{ device: CheckInDevice; pairingToken: string }> {
    await this.lists.get(eventId, input.listId);
    const pairingToken = newToken();
    const device = await this.db.transaction((em) =>
      em.save(
        em.create(CheckInDevice, {
          eventId,
          listId: input.listId,
          name: input.name.trim(),
          pairingTokenHash: hashToken(pairingToken),
          pairingExpiresAt: new Date(Date.now() + PAIRING_LIFETIME_MS),
          tokenHash: null,
          createdByUserId: userId,
        }),
      ),
    );
    return { device, pairingToken };
  }

  /** The device a pairing code was issued for, while the code is unused and valid (nothing is claimed). */
  async pending(pairingToken: string): Promise<CheckInDevice> {
    if (!/^[\w-]{20,100}$/.test(pairingToken)) throw new CheckInError('pairing_invalid');
    const device = await this.db.manager.findOne(CheckInDevice, {
      where: { pairingTokenHash: hashToken(pairingToken), revokedAt: IsNull() },
      relations: { list: true, event: true },
    });
    if (!device || !device.pairingExpiresAt || device.pairingExpiresAt <= new Date())
      throw new CheckInError('pairing_invalid');
    return device;
  }

  /** Exchanges a pairing code for the device's own token, once: a second device opening the same code is refused. */
  async pair(pairingToken: string): Promise<{ device: CheckInDevice; deviceToken: string }> {
    if (!/^[\w-]{20,100}$/.test(pairingToken)) throw new CheckInError('pairing_invalid');
    const deviceToken = `dv.${newToken()}`;
    const device = await this.db.transaction(async (em) => {
      const hash = hashToken(pairingToken);
      const now = new Date();
      // One conditional update claims the code: of two phones opening it at once, one wins.
      const claimed = await em
        .createQueryBuilder()
        .update(CheckInDevice)
        .set({ pairingTokenHash: null, pairingExpiresAt: null, tokenHash: hashToken(deviceToken), pairedAt: now })
        .where('"pairingTokenHash" = :hash AND "revokedAt" IS NULL AND "pairingExpiresAt" > :now', {
          hash,
          now: this.db.isSqlite ? now.toISOString().replace('T', ' ').replace('Z', '') : now,
        })
        .execute();
      if (!claimed.affected) throw new CheckInError('pairing_invalid');
      return em.findOneByOrFail(CheckInDevice, { tokenHash: hashToken(deviceToken) });
    });
    return { device, deviceToken };
  }

  /** The device a token stands for, or undefined when it is unknown or revoked. */
  async authenticate(deviceToken: string): Promise<AuthenticatedDevice | undefined> {
    if (!DEVICE_TOKEN.test(deviceToken)) return undefined;
    const tokenHash = hashToken(deviceToken);
    const known = this.trusted.get(tokenHash);
    if (known && Date.now() - known.at < TRUST_MS) return known.device;
    const row = await this.db.manager.findOneBy(CheckInDevice, { tokenHash, revokedAt: IsNull() });
    if (!row) {
      this.trusted.delete(tokenHash);
      return undefined;
    }
    const device = { id: row.id, eventId: row.eventId, listId: row.listId, name: row.name };
    this.trusted.set(tokenHash, { device, at: Date.now() });
    const last = this.seen.get(row.id) ?? 0;
    if (Date.now() - last > SEEN_EVERY_MS) {
      this.seen.set(row.id, Date.now());
      await this.db.transaction((em) => em.update(CheckInDevice, { id: row.id }, { lastSeenAt: new Date() }));
    }
    return device;
  }

  list(eventId: number): Promise<CheckInDevice[]> {
    return this.db.manager.find(CheckInDevice, {
      where: { eventId },
      relations: { list: true },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  async revoke(eventId: number, id: number): Promise<CheckInDevice> {
    return this.db.transaction(async (em) => {
      const device = await em.findOneBy(CheckInDevice, { id, eventId });
      if (!device) throw new CheckInError('device_not_found', { id });
      if (!device.revokedAt) {
        device.revokedAt = new Date();
        device.pairingTokenHash = null;
        device.pairingExpiresAt = null;
        await em.save(device);
      }
      for (const [hash, entry] of this.trusted) if (entry.device.id === id) this.trusted.delete(hash);
      return device;
    });
  }
}
