import {
  applyDecorators,
  createParamDecorator,
  Inject,
  Injectable,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessService } from '../accounts/access.service.js';
import { Public } from '../common/auth.decorators.js';
import { CommonError } from '../common/domain-error.js';
import { parseId } from '../common/id.js';
import type { ScanActor } from './check-in.service.js';
import { DevicesService } from './devices.service.js';

/** The cookie a paired phone keeps its device token in (HttpOnly; pages only). */
export const DEVICE_COOKIE = 'duijie_device';

declare module 'fastify' {
  interface FastifyRequest {
    scanActor?: ScanActor;
  }
}

/**
 * Who scans at the route's event (`:eventId`): the signed-in user from the global access guard (bearer token on the
 * API, session cookie on pages), or else a paired device with its own token (bearer on the API, cookie on pages).
 * Whether they may is the access service's `event.checkIn` (organisers anywhere, staff where assigned, devices at
 * their own event); a device's list is checked where a list is chosen (`checkInList.scan`).
 */
@Injectable()
export class ScannerAccessGuard implements CanActivate {
  constructor(
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(DevicesService) private readonly devices: DevicesService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Read as every id is (src/common/id.ts): a guard runs before the route's ParseIdPipe, and an id past 32 bits
    // reaching a PostgreSQL integer column would be a 500 (found by test/e2e/fuzz.test.ts: /api/events/2147483648/…).
    const eventId = parseId((request.params as Record<string, string>).eventId);
    if (eventId === undefined) {
      throw new CommonError('validation_failed', {}, [
        { field: 'eventId', reason: 'must be a positive whole number (an id)' },
      ]);
    }
    const actor = await this.actor(request);
    await this.access.requireAccess(actor ?? null, 'event.checkIn', eventId);
    request.scanActor = actor;
    return true;
  }

  private async actor(request: FastifyRequest): Promise<ScanActor | undefined> {
    const principal = request.principal;
    if (principal) return { kind: 'user', userId: principal.userId, name: principal.name, role: principal.role };
    const isApi = request.url.startsWith('/api/');
    const header = request.headers.authorization;
    const token = isApi
      ? header?.startsWith('Bearer ')
        ? header.slice(7).trim()
        : undefined
      : request.cookies?.[DEVICE_COOKIE];
    const device = token ? await this.devices.authenticate(token) : undefined;
    if (!device) return undefined;
    return { kind: 'device', deviceId: device.id, name: device.name, eventId: device.eventId, listId: device.listId };
  }
}

/** Scanning routes: signed-in organisers and assigned staff, or a paired device of the route's event (`:eventId`). */
export const ScannerAccess = () => applyDecorators(Public(), UseGuards(ScannerAccessGuard));

export const CurrentScanActor = createParamDecorator((_: unknown, context: ExecutionContext): ScanActor => {
  const actor = context.switchToHttp().getRequest<FastifyRequest>().scanActor;
  if (!actor) throw new Error('CurrentScanActor used on a route without @ScannerAccess');
  return actor;
});
