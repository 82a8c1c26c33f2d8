import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { SecretsService } from '../settings/secrets.service.js';
import type { RoadshowJudge } from './roadshow-judge.entity.js';
import type { RoadshowProject } from './roadshow-project.entity.js';

/** Signed ids: `<id>.<HMAC of purpose, id and version>`, the shape of attendees' personal links. */
const SIGNED = /^(\d{1,10})\.([\w-]{43})$/;

/**
 * The addresses of a roadshow: each project's public page (an opaque random token, the only thing its QR code
 * carries), and three signed links, re-creatable without storing them and revoked by raising a version:
 * the presenter's page of leads, a judge's score sheet, and the attendee recognition a project page keeps in a
 * cookie (only good for recording leads, not for the personal page it was made from).
 */
@Injectable()
export class RoadshowLinks {
  constructor(
    @Inject(SecretsService) private readonly secrets: SecretsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new project's public token: 128 random bits. */
  static newPublicToken(): string {
    return randomBytes(16).toString('base64url');
  }

  projectPath(project: Pick<RoadshowProject, 'publicToken'>): string {
    return `/roadshows/p/${project.publicToken}`;
  }

  /** What the QR code encodes: the project page's full address, nothing else. */
  projectUrl(project: Pick<RoadshowProject, 'publicToken'>): string {
    return `${this.config.appUrl}${this.projectPath(project)}`;
  }

  async presenterToken(project: Pick<RoadshowProject, 'id' | 'presenterLinkVersion'>): Promise<string> {
    return this.signed('roadshow-presenter', project.id, project.presenterLinkVersion);
  }

  async presenterUrl(project: Pick<RoadshowProject, 'id' | 'presenterLinkVersion'>): Promise<string> {
    return `${this.config.appUrl}/roadshows/presenter/${await this.presenterToken(project)}`;
  }

  async judgeToken(judge: Pick<RoadshowJudge, 'id' | 'linkVersion'>): Promise<string> {
    return this.signed('roadshow-judge', judge.id, judge.linkVersion);
  }

  async judgeUrl(judge: Pick<RoadshowJudge, 'id' | 'linkVersion'>): Promise<string> {
    return `${this.config.appUrl}/roadshows/judge/${await this.judgeToken(judge)}`;
  }

  async attendeeToken(registration: { id: number; linkVersion: number }): Promise<string> {
    return this.signed('roadshow-attendee', registration.id, registration.linkVersion);
  }

  /** The id a signed token names, when its shape is right (`verify` checks the signature). */
  parse(token: string): { id: number; signature: string } | undefined {
    const match = SIGNED.exec(token);
    return match ? { id: Number(match[1]), signature: match[2] } : undefined;
  }

  verify(
    purpose: 'roadshow-presenter' | 'roadshow-judge' | 'roadshow-attendee',
    id: number,
    version: number,
    signature: string,
  ): Promise<boolean> {
    return this.secrets.verify(purpose, `${id}:${version}`, signature);
  }

  private async signed(purpose: string, id: number, version: number): Promise<string> {
    return `${id}.${await this.secrets.sign(purpose, `${id}:${version}`)}`;
  }
}
