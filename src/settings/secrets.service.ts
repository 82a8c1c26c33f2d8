import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Database } from '../database/database.service.js';
import { Setting } from './setting.entity.js';

const SECRET_KEY = 'hmac-secret';

/**
 * The installation's HMAC secret, generated once and kept in the database so that every instance shares it.
 * Used for links that must be re-creatable (an attendee's personal link appears in every later email) yet
 * unguessable and revocable (the link includes a version that is bumped to revoke it).
 */
@Injectable()
export class SecretsService implements OnApplicationBootstrap {
  private secret?: Buffer;

  constructor(@Inject(Database) private readonly db: Database) {}

  /** Loaded (or created) at start: later it is read inside other transactions, where it must not write. */
  async onApplicationBootstrap(): Promise<void> {
    await this.key();
  }

  private async key(): Promise<Buffer> {
    if (this.secret) return this.secret;
    let row = await this.db.manager.findOneBy(Setting, { key: SECRET_KEY });
    if (!row) {
      // Insert-or-ignore: instances starting together on an empty database each offer a secret, the first one wins
      // and every instance reads that one back.
      await this.db.transaction((em) =>
        em
          .createQueryBuilder()
          .insert()
          .into(Setting)
          .values({ key: SECRET_KEY, value: randomBytes(32).toString('base64') })
          .orIgnore()
          .execute(),
      );
      row = await this.db.manager.findOneByOrFail(Setting, { key: SECRET_KEY });
    }
    this.secret = Buffer.from(row.value, 'base64');
    return this.secret;
  }

  async sign(purpose: string, value: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`${purpose}\n${value}`)
      .digest('base64url');
  }

  async verify(purpose: string, value: string, signature: string): Promise<boolean> {
    const expected = Buffer.from(await this.sign(purpose, value));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
