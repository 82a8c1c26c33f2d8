import { Inject, Injectable } from '@nestjs/common';
import { parseId } from '../common/id.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { SecretsService } from '../settings/secrets.service.js';
import type { Registration } from './registration.entity.js';

/**
 * Attendees' personal links: /me/<id>.<signature>, where the signature is an HMAC of the registration id and its
 * link version. Unguessable, re-creatable for every later email without storing the token, and revocable by bumping
 * the version.
 */
@Injectable()
export class ManageLinks {
  constructor(
    @Inject(SecretsService) private readonly secrets: SecretsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async token(registration: Pick<Registration, 'id' | 'linkVersion'>): Promise<string> {
    return `${registration.id}.${await this.secrets.sign('manage', `${registration.id}:${registration.linkVersion}`)}`;
  }

  async url(registration: Pick<Registration, 'id' | 'linkVersion'>): Promise<string> {
    // A new registration's link is written into its email and answered to the request: signed once for both.
    const known = this.urls.get(registration);
    if (known?.id === registration.id && known.linkVersion === registration.linkVersion) return known.url;
    const url = `${this.config.appUrl}/me/${await this.token(registration)}`;
    this.urls.set(registration, { id: registration.id, linkVersion: registration.linkVersion, url });
    return url;
  }

  private readonly urls = new WeakMap<object, { id: number; linkVersion: number; url: string }>();

  /** The registration id a token names, when its shape is right (the signature is checked by `verify`). */
  parse(token: string): { id: number; signature: string } | undefined {
    const match = /^(\d{1,10})\.([\w-]{43})$/.exec(token);
    const id = match ? parseId(match[1]) : undefined;
    return id === undefined ? undefined : { id, signature: match![2] };
  }

  verify(registration: Pick<Registration, 'id' | 'linkVersion'>, signature: string): Promise<boolean> {
    return this.secrets.verify('manage', `${registration.id}:${registration.linkVersion}`, signature);
  }
}
