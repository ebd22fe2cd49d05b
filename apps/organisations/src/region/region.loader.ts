import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { transaction } from '@emergency/database';
import { JsonLogger } from '@emergency/observability';
import { ORGANISATIONS_SETTINGS, type OrganisationsSettings } from '../settings';
import { readRegions, REGION_SOURCE } from './region-data';
import { RegionRepository } from './region.repository';

export interface RegionLoadResult {
  scope: string;
  /** False when this scope was already loaded from the same data release. */
  loaded: boolean;
  regions: number;
  /** Rows inserted or corrected; 0 when the stored tree already matched. */
  changed: number;
}

/**
 * Loads the administrative tree of the configured scope (REGION_DATA_SCOPE) at start, before the service answers.
 * Idempotent: each scope is recorded with the data release it came from and skipped once loaded; loading again
 * (a new release) inserts what is new and corrects what changed. One instance loads at a time.
 */
@Injectable()
export class RegionDataLoader implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RegionRepository,
    private readonly logger: JsonLogger,
    @Inject(ORGANISATIONS_SETTINGS) private readonly settings: OrganisationsSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.settings.REGION_DATA_SCOPE === 'none') return;
    for (const scope of this.settings.REGION_DATA_SCOPE.split(',').map((s) => s.trim())) {
      const started = Date.now();
      const result = await this.load(scope);
      this.logger.entry('info', result.loaded ? 'region data loaded' : 'region data already loaded', {
        ...result,
        source: REGION_SOURCE,
        durationMs: Date.now() - started,
      });
    }
  }

  /** Loads `scope` (a division code) with every division below and above it. */
  load(scope: string): Promise<RegionLoadResult> {
    return transaction(this.dataSource, async (manager) => {
      await this.repository.lockForLoading(manager);
      if (await this.repository.datasetLoaded(manager, scope, REGION_SOURCE)) {
        return { scope, loaded: false, regions: 0, changed: 0 };
      }
      let regions = 0;
      let changed = 0;
      for await (const rows of readRegions([scope])) {
        regions += rows.length;
        changed += await this.repository.upsert(manager, rows);
      }
      await this.repository.recordDataset(manager, scope, REGION_SOURCE, regions);
      return { scope, loaded: true, regions, changed };
    });
  }
}
