import type { EmergencyCategory } from '@emergency/domain';

/** Warning levels (ERL art. 63): 一级 to 四级, shown red, orange, yellow and blue; 一级 (RED) is the highest. */
export const WARNING_LEVELS = ['RED', 'ORANGE', 'YELLOW', 'BLUE'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export type WarningStatus = 'ACTIVE' | 'LIFTED';
/** CAP 1.2 message types this service sends: the first message, a change, and the lifting. */
export type CapMsgType = 'Alert' | 'Update' | 'Cancel';

/** ERL art. 63's 一级 to 四级 for each colour. */
export const WARNING_LEVEL_ZH: Record<WarningLevel, string> = {
  RED: '一级（红色）',
  ORANGE: '二级（橙色）',
  YELLOW: '三级（黄色）',
  BLUE: '四级（蓝色）',
};

/** CAP severity by level: the four colours onto CAP's four severities, red the gravest. */
export const CAP_SEVERITY: Record<WarningLevel, 'Extreme' | 'Severe' | 'Moderate' | 'Minor'> = {
  RED: 'Extreme',
  ORANGE: 'Severe',
  YELLOW: 'Moderate',
  BLUE: 'Minor',
};

const CST_OFFSET_MS = 8 * 3600_000;

/** `at` in China Standard Time as `yyyy-MM-ddTHH:mm:ss+08:00`, whole seconds (CAP 1.2's dateTime form). */
export function capDateTime(at: Date): string {
  return `${new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** `at` in China Standard Time as `yyyyMMddHHmmss`. */
export function cstStamp(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** `at` rounded down to the whole second: a message's sending time as its identifier and CAP `sent` state it. */
export const wholeSecond = (at: Date): Date => new Date(Math.floor(at.getTime() / 1000) * 1000);

/**
 * The issuing organisation's short code in an identifier: the first eight hexadecimal digits of its id, upper
 * case. The organisations service keeps no separate code (such as a unified social credit code) in what it
 * publishes, and the id is stable and known to every service; eight digits keep identifiers short.
 */
export function organisationCode(organisationId: string): string {
  return organisationId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/**
 * A warning message's identifier in the form of GB/T 35965 (应急信息交互协议): the issuing region's 6-digit code, the
 * issuing organisation's short code ({@link organisationCode}), the sending time as `yyyyMMddHHmmss` in China
 * Standard Time, and a 4-digit sequence counting the messages of that region within that second (0001 first).
 */
export function warningIdentifier(
  regionCode: string,
  organisationId: string,
  sent: Date,
  sequence: number,
): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) {
    throw new RangeError(`sequence ${sequence} is not between 1 and 9999`);
  }
  return `${regionCode}${organisationCode(organisationId)}${cstStamp(sent)}${String(sequence).padStart(4, '0')}`;
}

/** CAP 1.2 `category` of each subcategory of the shared tree (Met includes floods, Geo earthquakes and landslides). */
const CAP_CATEGORY_OF_SUBCATEGORY: Record<string, string> = {
  FLOOD: 'Met',
  DROUGHT: 'Met',
  TYPHOON: 'Met',
  WIND_AND_HAIL: 'Met',
  LOW_TEMPERATURE_AND_FROST: 'Met',
  SNOW: 'Met',
  SANDSTORM: 'Met',
  STORM_SURGE: 'Met',
  EARTHQUAKE: 'Geo',
  COLLAPSE: 'Geo',
  LANDSLIDE: 'Geo',
  DEBRIS_FLOW: 'Geo',
  TSUNAMI: 'Geo',
  FOREST_AND_GRASSLAND_FIRE: 'Fire',
  BIOLOGICAL_HAZARD: 'Env',
  MINING: 'Safety',
  HAZARDOUS_CHEMICALS: 'CBRNE',
  INDUSTRY_AND_TRADE: 'Safety',
  ROAD_TRAFFIC: 'Transport',
  RAILWAY: 'Transport',
  WATERWAY: 'Transport',
  CIVIL_AVIATION: 'Transport',
  FIRE: 'Fire',
  PUBLIC_FACILITY: 'Infra',
  NUCLEAR_AND_RADIATION: 'CBRNE',
  MARINE_OIL_SPILL: 'Env',
  ENVIRONMENTAL_POLLUTION: 'Env',
  CYBER_SECURITY: 'Infra',
};

/** The CAP category of the rest of each top category. */
const CAP_CATEGORY_OF_CATEGORY: Record<EmergencyCategory, string> = {
  NATURAL_DISASTER: 'Met',
  ACCIDENT: 'Safety',
  PUBLIC_HEALTH: 'Health',
  SOCIAL_SECURITY: 'Security',
};

/** The CAP 1.2 category for a category and subcategory of the shared tree. */
export function capCategory(category: EmergencyCategory, subcategory: string): string {
  return CAP_CATEGORY_OF_SUBCATEGORY[subcategory] ?? CAP_CATEGORY_OF_CATEGORY[category];
}

/** One message of a warning, as rendered into CAP. */
export interface CapMessage {
  identifier: string;
  /** The issuing organisation's id: the CAP sender is `urn:uuid:<id>`. */
  issuingOrganisationId: string;
  senderName: string;
  sent: Date;
  msgType: CapMsgType;
  /** The earlier message it updates or cancels; null for the first. */
  references: { identifier: string; sent: Date } | null;
  category: EmergencyCategory;
  subcategory: string;
  /** The event's name as people read it (暴雨洪涝), for CAP `event`. */
  event: string;
  level: WarningLevel;
  onset: Date;
  expires: Date | null;
  headline: string;
  description: string;
  instruction: string;
  areaDescription: string;
  regionCode: string;
  incidentId: string | null;
}

const escapeXml = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const element = (name: string, value: string, indent: string) =>
  `${indent}<${name}>${escapeXml(value)}</${name}>`;

/** The CAP sender of an organisation: its id as a URN, which holds no space, comma, `<` or `&`. */
export const capSender = (organisationId: string) => `urn:uuid:${organisationId}`;

/**
 * A warning message as a CAP 1.2 document (urn:oasis:names:tc:emergency:cap:1.2): status Actual, scope Public,
 * one `info` in zh-CN with the ERL art. 64 contents (category, level as severity, onset, expires, area, warning items
 * as description, measures as instruction, issuing unit as senderName, issuing time as sent), one `area` with the
 * GB/T 2260 region code as geocode. An Update or Cancel references the message it supersedes.
 */
export function renderCap(message: CapMessage): string {
  const cancelled = message.msgType === 'Cancel';
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    element('identifier', message.identifier, '  '),
    element('sender', capSender(message.issuingOrganisationId), '  '),
    element('sent', capDateTime(message.sent), '  '),
    element('status', 'Actual', '  '),
    element('msgType', message.msgType, '  '),
    element('scope', 'Public', '  '),
  ];
  if (message.references) {
    const { identifier, sent } = message.references;
    lines.push(
      element(
        'references',
        `${capSender(message.issuingOrganisationId)},${identifier},${capDateTime(sent)}`,
        '  ',
      ),
    );
  }
  if (message.incidentId) lines.push(element('incidents', message.incidentId, '  '));
  lines.push(
    '  <info>',
    element('language', 'zh-CN', '    '),
    element('category', capCategory(message.category, message.subcategory), '    '),
    element('event', message.event, '    '),
    element('responseType', cancelled ? 'AllClear' : 'Prepare', '    '),
    element('urgency', cancelled ? 'Past' : 'Expected', '    '),
    element('severity', CAP_SEVERITY[message.level], '    '),
    element('certainty', 'Likely', '    '),
    element('onset', capDateTime(message.onset), '    '),
  );
  if (message.expires) lines.push(element('expires', capDateTime(message.expires), '    '));
  lines.push(
    element('senderName', message.senderName, '    '),
    element('headline', message.headline, '    '),
    element('description', message.description, '    '),
    element('instruction', message.instruction, '    '),
    '    <area>',
    element('areaDesc', message.areaDescription, '      '),
    '      <geocode>',
    element('valueName', 'GB/T 2260', '        '),
    element('value', message.regionCode, '        '),
    '      </geocode>',
    '    </area>',
    '  </info>',
    '</alert>',
    '',
  );
  return lines.join('\n');
}
