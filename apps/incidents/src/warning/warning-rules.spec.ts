import {
  capCategory,
  capDateTime,
  CAP_SEVERITY,
  organisationCode,
  renderCap,
  warningIdentifier,
  wholeSecond,
  type CapMessage,
} from './warning-rules';

const ORG = '0000a001-0000-4000-8000-000000000001';

describe('warning identifiers (GB/T 35965 form)', () => {
  it('joins the region, the organisation code, the CST time and a 4-digit sequence', () => {
    // 00:00:05 UTC is 08:00:05 in China Standard Time.
    const sent = new Date('2026-07-06T00:00:05.900Z');
    expect(warningIdentifier('421100', ORG, sent, 1)).toBe('4211000000A001202607060800050001');
    expect(warningIdentifier('421100', ORG, sent, 12)).toBe('4211000000A001202607060800050012');
  });

  it('turns the date at CST midnight', () => {
    expect(warningIdentifier('420000', ORG, new Date('2026-09-30T16:00:00Z'), 9999)).toBe(
      '4200000000A001202610010000009999',
    );
  });

  it('takes the first eight hex digits of the organisation id, upper case', () => {
    expect(organisationCode('abcdef12-3456-4789-8abc-def012345678')).toBe('ABCDEF12');
  });

  it.each([0, 10000, 1.5])('refuses sequence %p', (sequence) => {
    expect(() => warningIdentifier('421100', ORG, new Date(), sequence)).toThrow(RangeError);
  });
});

describe('CAP mapping', () => {
  it('maps the levels onto severities, red the gravest', () => {
    expect(CAP_SEVERITY).toEqual({ RED: 'Extreme', ORANGE: 'Severe', YELLOW: 'Moderate', BLUE: 'Minor' });
  });

  it.each([
    ['NATURAL_DISASTER', 'FLOOD', 'Met'],
    ['NATURAL_DISASTER', 'EARTHQUAKE', 'Geo'],
    ['NATURAL_DISASTER', 'LANDSLIDE', 'Geo'],
    ['NATURAL_DISASTER', 'FOREST_AND_GRASSLAND_FIRE', 'Fire'],
    ['ACCIDENT', 'MINING', 'Safety'],
    ['ACCIDENT', 'HAZARDOUS_CHEMICALS', 'CBRNE'],
    ['ACCIDENT', 'ROAD_TRAFFIC', 'Transport'],
    ['ACCIDENT', 'PUBLIC_FACILITY', 'Infra'],
    ['ACCIDENT', 'ENVIRONMENTAL_POLLUTION', 'Env'],
    ['PUBLIC_HEALTH', 'INFECTIOUS_DISEASE', 'Health'],
    ['SOCIAL_SECURITY', 'TERRORIST_ATTACK', 'Security'],
  ] as const)('%s / %s is CAP %s', (category, subcategory, cap) => {
    expect(capCategory(category, subcategory)).toBe(cap);
  });

  it('writes times in CST with +08:00 and whole seconds', () => {
    expect(capDateTime(new Date('2026-07-05T22:30:00.250Z'))).toBe('2026-07-06T06:30:00+08:00');
    expect(wholeSecond(new Date('2026-07-05T22:30:00.999Z')).toISOString()).toBe('2026-07-05T22:30:00.000Z');
  });

  const message: CapMessage = {
    identifier: '4211000000A001202607060800050002',
    issuingOrganisationId: ORG,
    senderName: '黄冈市人民政府',
    sent: new Date('2026-07-06T01:00:00Z'),
    msgType: 'Update',
    references: { identifier: '4211000000A001202607060800050001', sent: new Date('2026-07-06T00:00:05Z') },
    category: 'NATURAL_DISASTER',
    subcategory: 'FLOOD',
    event: '洪涝预警',
    level: 'ORANGE',
    onset: new Date('2026-07-06T00:00:00Z'),
    expires: null,
    headline: 'Rainstorm <orange> & flood',
    description: '暴雨',
    instruction: '转移',
    areaDescription: '黄冈市',
    regionCode: '421100',
    incidentId: null,
  };

  it('references the superseded message as sender,identifier,sent and escapes text', () => {
    const xml = renderCap(message);
    expect(xml).toContain(
      `<references>urn:uuid:${ORG},4211000000A001202607060800050001,2026-07-06T08:00:05+08:00</references>`,
    );
    expect(xml).toContain('<msgType>Update</msgType>');
    expect(xml).toContain('<severity>Severe</severity>');
    expect(xml).toContain('<headline>Rainstorm &lt;orange&gt; &amp; flood</headline>');
    expect(xml).toContain('<valueName>GB/T 2260</valueName>');
    expect(xml).not.toContain('<expires>');
  });

  it('sends a first message without references and a Cancel as all clear', () => {
    expect(renderCap({ ...message, msgType: 'Alert', references: null })).not.toContain('<references>');
    const cancel = renderCap({ ...message, msgType: 'Cancel' });
    expect(cancel).toContain('<responseType>AllClear</responseType>');
    expect(cancel).toContain('<urgency>Past</urgency>');
  });
});
