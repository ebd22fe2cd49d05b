import { Module } from '@nestjs/common';
import { LedgerRepository } from '../ledger/ledger.repository';
import { AnnouncementRepository } from './announcement.repository';
import {
  AnnouncementFigureResolver,
  AnnouncementQueryResolver,
  DisasterAnnouncementResolver,
  PublicAnnouncementFigureResolver,
  PublicDisasterAnnouncementResolver,
} from './announcement.resolver';
import { AnnouncementService } from './announcement.service';

@Module({
  providers: [
    AnnouncementRepository,
    // The flows behind each figure, read as the ledger reads them.
    LedgerRepository,
    AnnouncementService,
    AnnouncementQueryResolver,
    DisasterAnnouncementResolver,
    PublicDisasterAnnouncementResolver,
    AnnouncementFigureResolver,
    PublicAnnouncementFigureResolver,
  ],
})
export class AnnouncementModule {}
