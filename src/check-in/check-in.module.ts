import { Module } from '@nestjs/common';
import { AuthService } from '../accounts/auth.service.js';
import { RegistrationModule } from '../registration/registration.module.js';
import { ArrivalsService } from './arrivals.service.js';
import { BadgeSheetService } from './badge-sheet.service.js';
import { CheckInListsService } from './check-in-lists.service.js';
import { CheckInController } from './check-in.controller.js';
import { CheckInService } from './check-in.service.js';
import { DevicesService } from './devices.service.js';
import { ScannerAccessGuard } from './scanner-access.guard.js';
import { ScannerDataService } from './scanner-data.service.js';

/**
 * On-site check-in: lists, scans (API, scanner page, offline sync), paired devices, badge sheets, live arrivals.
 * The page controllers (check-in-console.controller.ts, scanner-pages.controller.ts) are registered in the app module,
 * beside the other pages and their Views.
 */
@Module({
  imports: [RegistrationModule],
  controllers: [CheckInController],
  providers: [
    CheckInService,
    CheckInListsService,
    ScannerDataService,
    DevicesService,
    ArrivalsService,
    BadgeSheetService,
    ScannerAccessGuard,
    // For canActAtEvent in the scanner guard (stateless for that use; the app's own instance serves sign-ins).
    AuthService,
  ],
  exports: [
    CheckInService,
    CheckInListsService,
    ScannerDataService,
    DevicesService,
    ArrivalsService,
    BadgeSheetService,
  ],
})
export class CheckInModule {}
