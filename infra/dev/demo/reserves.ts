import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

/** The reserve points the stock and dispatch parts of the demo keep goods in. */
export interface DemoReserves {
  hubeiDepot: string;
  /** The central relief depot in Wuhan: not registered, the demo having no national body to own it. */
  wuhanCentral?: string;
  huanggangPoint: string;
  tuanfengPoint: string;
  /** Flood-fighting materials the Changjiang water conservancy enterprise holds for the province by agreement. */
  agreementReserve: string;
}

/**
 * The reserve system around the Ju River flood: Hubei's provincial relief depot in Wuhan (registered in the
 * province's code, as a provincial point is), Huanggang's prefecture depot, Tuanfeng's county reserve point, and an
 * agreement reserve held by an enterprise for the province.
 */
export async function loadReserves(client: DemoClient, orgs: HubeiOrganisations): Promise<DemoReserves> {
  const register = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('registerReservePoint', 'RegisterReservePointInput', input);

  const hubeiDepot = await register({
    name: '湖北省救灾物资储备库',
    level: 'PROVINCIAL',
    kind: 'DEPOT',
    ownerOrganisationId: orgs.emergency,
    regionCode: '420000',
    latitude: 30.59,
    longitude: 114.3,
    capacityCubicMetres: 20000,
  });
  const huanggangPoint = await register({
    name: '黄冈市救灾物资储备库',
    level: 'PREFECTURAL',
    kind: 'DEPOT',
    ownerOrganisationId: orgs.huanggangEmergency,
    regionCode: '421100',
    latitude: 30.45,
    longitude: 114.87,
    capacityCubicMetres: 6000,
  });
  const tuanfengPoint = await register({
    name: '团风县救灾物资储备点',
    level: 'COUNTY',
    kind: 'POINT',
    ownerOrganisationId: orgs.tuanfeng,
    regionCode: '421121',
    latitude: 30.64,
    longitude: 114.87,
    capacityCubicMetres: 1500,
  });
  const agreementReserve = await register({
    name: '长江水利防汛物资协议储备',
    level: 'PROVINCIAL',
    kind: 'AGREEMENT',
    ownerOrganisationId: orgs.emergency,
    holderOrganisationId: orgs.money.dikeBuilder,
    regionCode: '420000',
    latitude: 30.55,
    longitude: 114.27,
    capacityCubicMetres: null,
  });
  return { hubeiDepot, huanggangPoint, tuanfengPoint, agreementReserve };
}
