import { categoryOfSubcategory, EMERGENCY_CATEGORIES, EMERGENCY_CATEGORY_TREE } from './emergency-categories';

describe('emergency category tree', () => {
  it('has the four categories of the Emergency Response Law, in its order', () => {
    expect(EMERGENCY_CATEGORIES).toEqual([
      'NATURAL_DISASTER',
      'ACCIDENT',
      'PUBLIC_HEALTH',
      'SOCIAL_SECURITY',
    ]);
  });

  it('gives every subcategory one code across the whole tree, names in both languages', () => {
    const codes = EMERGENCY_CATEGORY_TREE.flatMap((c) => c.subcategories.map((s) => s.id));
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of [...EMERGENCY_CATEGORIES, ...codes]) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    for (const node of EMERGENCY_CATEGORY_TREE.flatMap((c) => [c, ...c.subcategories])) {
      expect(node.zh).toMatch(/\p{Script=Han}/u);
      expect(node.en).not.toBe('');
    }
  });

  it('finds the category of a subcategory, and none for a code it does not have', () => {
    expect(categoryOfSubcategory('FLOOD')).toBe('NATURAL_DISASTER');
    expect(categoryOfSubcategory('HAZARDOUS_CHEMICALS')).toBe('ACCIDENT');
    expect(categoryOfSubcategory('FOOD_SAFETY')).toBe('PUBLIC_HEALTH');
    expect(categoryOfSubcategory('MASS_INCIDENT')).toBe('SOCIAL_SECURITY');
    expect(categoryOfSubcategory('NATURAL_DISASTER')).toBeUndefined();
    expect(categoryOfSubcategory('flood')).toBeUndefined();
  });
});
