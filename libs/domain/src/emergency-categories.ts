/**
 * The emergency category tree (突发事件分类) every domain classifies by: the four categories of the Emergency
 * Response Law (art. 2) and their subcategories as the national overall plan names them, with the natural
 * disasters split into the hazard types of the natural-disaster statistics system. Incidents are reported in
 * it, plans are written for it, drills exercise it.
 *
 * The codes are the system's own: GB/T 35561-2017 defines a code table for the same four categories, which is
 * not reproduced here. `group` is the plan's subcategory a hazard type belongs to (水旱灾害 for floods and
 * droughts), where the plan groups several.
 */
export interface EmergencySubcategory {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly group?: string;
}

export interface EmergencyCategoryNode {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly subcategories: readonly EmergencySubcategory[];
}

export const EMERGENCY_CATEGORY_TREE = [
  {
    id: 'NATURAL_DISASTER',
    zh: '自然灾害',
    en: 'Natural disaster',
    subcategories: [
      { id: 'FLOOD', zh: '洪涝', en: 'Flood and waterlogging', group: '水旱灾害' },
      { id: 'DROUGHT', zh: '干旱', en: 'Drought', group: '水旱灾害' },
      { id: 'TYPHOON', zh: '台风', en: 'Typhoon', group: '气象灾害' },
      { id: 'WIND_AND_HAIL', zh: '风雹', en: 'Wind and hail', group: '气象灾害' },
      {
        id: 'LOW_TEMPERATURE_AND_FROST',
        zh: '低温冷冻',
        en: 'Low temperature and frost',
        group: '气象灾害',
      },
      { id: 'SNOW', zh: '雪灾', en: 'Snow disaster', group: '气象灾害' },
      { id: 'SANDSTORM', zh: '沙尘暴', en: 'Sandstorm', group: '气象灾害' },
      { id: 'EARTHQUAKE', zh: '地震', en: 'Earthquake', group: '地震灾害' },
      { id: 'COLLAPSE', zh: '崩塌', en: 'Rock collapse', group: '地质灾害' },
      { id: 'LANDSLIDE', zh: '滑坡', en: 'Landslide', group: '地质灾害' },
      { id: 'DEBRIS_FLOW', zh: '泥石流', en: 'Debris flow', group: '地质灾害' },
      { id: 'STORM_SURGE', zh: '风暴潮', en: 'Storm surge', group: '海洋灾害' },
      { id: 'TSUNAMI', zh: '海啸', en: 'Tsunami', group: '海洋灾害' },
      { id: 'FOREST_AND_GRASSLAND_FIRE', zh: '森林草原火灾', en: 'Forest and grassland fire' },
      { id: 'BIOLOGICAL_HAZARD', zh: '生物灾害', en: 'Biological hazard' },
    ],
  },
  {
    id: 'ACCIDENT',
    zh: '事故灾难',
    en: 'Accident',
    subcategories: [
      { id: 'MINING', zh: '矿山事故', en: 'Mining accident', group: '生产安全事故' },
      {
        id: 'HAZARDOUS_CHEMICALS',
        zh: '危险化学品事故',
        en: 'Hazardous chemicals accident',
        group: '生产安全事故',
      },
      {
        id: 'INDUSTRY_AND_TRADE',
        zh: '工商贸企业事故',
        en: 'Industry and trade accident',
        group: '生产安全事故',
      },
      { id: 'ROAD_TRAFFIC', zh: '道路交通事故', en: 'Road traffic accident', group: '交通运输事故' },
      { id: 'RAILWAY', zh: '铁路交通事故', en: 'Railway accident', group: '交通运输事故' },
      { id: 'WATERWAY', zh: '水上交通事故', en: 'Waterway accident', group: '交通运输事故' },
      { id: 'CIVIL_AVIATION', zh: '民航事故', en: 'Civil aviation accident', group: '交通运输事故' },
      { id: 'FIRE', zh: '火灾', en: 'Fire' },
      { id: 'PUBLIC_FACILITY', zh: '公共设施和设备事故', en: 'Public facility and equipment accident' },
      { id: 'NUCLEAR_AND_RADIATION', zh: '核与辐射事故', en: 'Nuclear and radiation accident' },
      { id: 'MARINE_OIL_SPILL', zh: '海上溢油', en: 'Marine oil spill' },
      {
        id: 'ENVIRONMENTAL_POLLUTION',
        zh: '环境污染和生态破坏',
        en: 'Environmental pollution and ecological damage',
      },
      { id: 'CYBER_SECURITY', zh: '网络安全事件', en: 'Cyber security incident' },
    ],
  },
  {
    id: 'PUBLIC_HEALTH',
    zh: '公共卫生事件',
    en: 'Public health event',
    subcategories: [
      { id: 'INFECTIOUS_DISEASE', zh: '传染病疫情', en: 'Infectious disease outbreak' },
      { id: 'UNEXPLAINED_MASS_ILLNESS', zh: '群体性不明原因疾病', en: 'Mass illness of unknown cause' },
      { id: 'FOOD_SAFETY', zh: '食品安全事故', en: 'Food safety incident' },
      { id: 'OCCUPATIONAL_HAZARD', zh: '职业危害', en: 'Occupational hazard' },
      { id: 'ANIMAL_EPIDEMIC', zh: '动物疫情', en: 'Animal epidemic' },
    ],
  },
  {
    id: 'SOCIAL_SECURITY',
    zh: '社会安全事件',
    en: 'Social security event',
    subcategories: [
      { id: 'TERRORIST_ATTACK', zh: '恐怖袭击事件', en: 'Terrorist attack' },
      { id: 'MASS_INCIDENT', zh: '群体性事件', en: 'Mass incident' },
      { id: 'MAJOR_CRIMINAL_CASE', zh: '重大刑事案件', en: 'Major criminal case' },
      { id: 'ETHNIC_AND_RELIGIOUS', zh: '民族宗教事件', en: 'Ethnic and religious incident' },
      {
        id: 'ECONOMIC_AND_FINANCIAL',
        zh: '经济安全和金融突发事件',
        en: 'Economic security and financial event',
      },
      { id: 'FOREIGN_RELATED', zh: '涉外突发事件', en: 'Foreign-related event' },
    ],
  },
] as const satisfies readonly EmergencyCategoryNode[];

/** The four categories, in the law's order. */
export type EmergencyCategory = (typeof EMERGENCY_CATEGORY_TREE)[number]['id'];
export const EMERGENCY_CATEGORIES: readonly EmergencyCategory[] = EMERGENCY_CATEGORY_TREE.map((c) => c.id);

/** Every subcategory code of every category. */
export type EmergencySubcategoryCode =
  (typeof EMERGENCY_CATEGORY_TREE)[number]['subcategories'][number]['id'];

const CATEGORY_OF_SUBCATEGORY = new Map<string, EmergencyCategory>(
  EMERGENCY_CATEGORY_TREE.flatMap((c) => c.subcategories.map((s) => [s.id, c.id] as const)),
);

/** The category `subcategory` belongs to, or undefined for a code the tree does not have. */
export function categoryOfSubcategory(subcategory: string): EmergencyCategory | undefined {
  return CATEGORY_OF_SUBCATEGORY.get(subcategory);
}
