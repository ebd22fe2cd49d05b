import { regionCovers } from '@emergency/domain';
import { levelOf } from '../region/region-level';

/**
 * Whether someone of an organisation in `organisationRegionCode` may cover `villageCode`: the organisation's region
 * must be the village itself or lie above it. A village committee member covers their own village, a township
 * government worker the villages of the township, a county bureau officer any village of the county; nobody covers
 * a village of another township or county, however close.
 */
export function mayCoverVillage(organisationRegionCode: string, villageCode: string): boolean {
  return levelOf(villageCode) === 'VILLAGE' && regionCovers(organisationRegionCode, villageCode);
}
