import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { SecretsService } from '../settings/secrets.service.js';
import type { SigningCeremony } from './ceremony.entity.js';

const PURPOSE = 'signing-screen';

/**
 * The hall screen's link: /screens/signings/<ceremony id>.<signature>, the signature an HMAC of the ceremony id and its
 * screen version. An organiser opens it on the hall PC without signing in there; it is unguessable, can be shown again
 * in the console at any time without storing it, and is revoked by bumping the version.
 */
@Injectable()
export class ScreenLinks {
  constructor(
    @Inject(SecretsService) private readonly secrets: SecretsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async token(ceremony: Pick<SigningCeremony, 'id' | 'screenVersion'>): Promise<string> {
    return `${ceremony.id}.${await this.secrets.sign(PURPOSE, `${ceremony.id}:${ceremony.screenVersion}`)}`;
  }

  async path(ceremony: Pick<SigningCeremony, 'id' | 'screenVersion'>): Promise<string> {
    return `/screens/signings/${await this.token(ceremony)}`;
  }

  async url(ceremony: Pick<SigningCeremony, 'id' | 'screenVersion'>): Promise<string> {
    return `${this.config.appUrl}${await this.path(ceremony)}`;
  }

  /** The ceremony id a token names, when its shape is right (the signature is checked by `verify`). */
  parse(token: string): { id: number; signature: string } | undefined {
    const match = /^(\d{1,10})\.([\w-]{43})$/.exec(token);
    if (!match) return undefined;
    return { id: Number(match[1]), signature: match[2] };
  }

  verify(ceremony: Pick<SigningCeremony, 'id' | 'screenVersion'>, signature: string): Promise<boolean> {
    return this.secrets.verify(PURPOSE, `${ceremony.id}:${ceremony.screenVersion}`, signature);
  }
}
