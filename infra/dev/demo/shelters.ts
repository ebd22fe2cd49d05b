import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

const HOUR_MS = 3_600_000;

/** A moment `days` (and `hours`) before now, as the DateTime scalar takes it. */
const ago = (days: number, hours = 0) =>
  new Date(Date.now() - days * 24 * HOUR_MS - hours * HOUR_MS).toISOString();

/**
 * Three of Tuanfeng's shelters during the Ju River flood: the No. 1 Middle School gymnasium and the county stadium
 * in the county seat, and a village square upstream; all opened for the flood, with occupancy reported over three
 * days, the gymnasium reaching FULL on the second day and easing on the third.
 */
export async function loadShelters(
  client: DemoClient,
  orgs: HubeiOrganisations,
  floodIncidentId: string,
): Promise<{ ids: string[] }> {
  const common = {
    managingOrganisationId: orgs.tuanfeng,
    regionCode: '421121',
    signageInstalled: true,
  };
  const register = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('registerShelter', 'RegisterShelterInput', { ...common, ...input });

  const gym = await register({
    name: '团风县第一中学体育馆',
    level: 'COUNTY',
    shelterClass: 'FIXED_SHORT_TERM',
    divisionCode: '421121100',
    address: '团风县团风镇城区',
    latitude: 30.6418,
    longitude: 114.8705,
    capacity: 600,
    effectiveAreaSquareMetres: 2400,
    serviceRadiusMetres: 1000,
    facilities: [
      'TENTS_OR_SHELTER_HOUSING',
      'MEDICAL_AID',
      'WATER',
      'POWER',
      'TOILETS',
      'LIGHTING',
      'SIGNAGE',
    ],
    signCount: 8,
  });
  const stadium = await register({
    name: '团风县体育场',
    level: 'COUNTY',
    shelterClass: 'FIXED_MEDIUM_TERM',
    earthquakeClass: 'II',
    divisionCode: '421121100',
    address: '团风县团风镇体育场路',
    latitude: 30.6475,
    longitude: 114.8792,
    capacity: 2500,
    effectiveAreaSquareMetres: 12000,
    serviceRadiusMetres: 2000,
    facilities: [
      'TENTS_OR_SHELTER_HOUSING',
      'MEDICAL_AID',
      'WATER',
      'POWER',
      'SEWAGE',
      'TOILETS',
      'WASTE',
      'ACCESS_ROUTE',
      'SIGNAGE',
      'FIRE_FIGHTING',
      'SUPPLY_STORE',
      'COMMAND',
      'BROADCAST',
      'LIGHTING',
    ],
    signCount: 14,
  });
  const square = await register({
    name: '举水沿岸村文化广场',
    level: 'VILLAGE',
    shelterClass: 'EMERGENCY',
    address: '团风县举水沿岸村村委会前',
    latitude: 30.7012,
    longitude: 114.9155,
    capacity: 300,
    effectiveAreaSquareMetres: 900,
    serviceRadiusMetres: 500,
    facilities: ['TOILETS', 'LIGHTING', 'BROADCAST', 'SIGNAGE'],
    signCount: 3,
  });

  for (const shelterId of [gym, stadium, square])
    await client.mutate('openShelter', 'OpenShelterInput', {
      shelterId,
      at: ago(4),
      incidentId: floodIncidentId,
    });
  const report = (shelterId: string, at: string, occupants: number) =>
    client.mutate('reportShelterOccupancy', 'ReportShelterOccupancyInput', { shelterId, at, occupants });
  // Day one: people leave the low-lying villages; day two: the crest, the gymnasium is full; day three: easing.
  await report(gym, ago(3), 420);
  await report(stadium, ago(3), 900);
  await report(square, ago(3), 180);
  await report(gym, ago(2), 600);
  await report(stadium, ago(2), 1750);
  await report(square, ago(2), 260);
  await report(gym, ago(1), 540);
  await report(stadium, ago(1), 1400);
  await report(square, ago(1), 90);
  return { ids: [gym, stadium, square] };
}
