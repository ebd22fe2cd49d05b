import {
  childRegionOf,
  countsAgainstRatio,
  freeCapacity,
  levelFitsRegion,
  nextShelterStatus,
  occupancyAccepted,
  requiredPlaces,
  statusForOccupants,
} from './shelter-rules';

describe(nextShelterStatus.name, () => {
  it('completes construction only from UNDER_CONSTRUCTION', () => {
    expect(nextShelterStatus('UNDER_CONSTRUCTION', 'COMPLETE')).toBe('READY');
    expect(nextShelterStatus('READY', 'COMPLETE')).toBeNull();
    expect(nextShelterStatus('OPEN', 'COMPLETE')).toBeNull();
  });

  it('opens from READY or CLOSED, never while being built, open or full', () => {
    expect(nextShelterStatus('READY', 'OPEN')).toBe('OPEN');
    expect(nextShelterStatus('CLOSED', 'OPEN')).toBe('OPEN');
    expect(nextShelterStatus('UNDER_CONSTRUCTION', 'OPEN')).toBeNull();
    expect(nextShelterStatus('OPEN', 'OPEN')).toBeNull();
    expect(nextShelterStatus('FULL', 'OPEN')).toBeNull();
  });

  it('closes from OPEN, FULL or READY', () => {
    expect(nextShelterStatus('OPEN', 'CLOSE')).toBe('CLOSED');
    expect(nextShelterStatus('FULL', 'CLOSE')).toBe('CLOSED');
    expect(nextShelterStatus('READY', 'CLOSE')).toBe('CLOSED');
    expect(nextShelterStatus('CLOSED', 'CLOSE')).toBeNull();
    expect(nextShelterStatus('UNDER_CONSTRUCTION', 'CLOSE')).toBeNull();
  });

  it('takes occupancy reports only while OPEN or FULL', () => {
    expect(nextShelterStatus('OPEN', 'REPORT')).toBe('OPEN');
    expect(nextShelterStatus('FULL', 'REPORT')).toBe('FULL');
    expect(nextShelterStatus('READY', 'REPORT')).toBeNull();
    expect(nextShelterStatus('CLOSED', 'REPORT')).toBeNull();
  });
});

describe(levelFitsRegion.name, () => {
  it('puts townships and villages in a county code, other levels anywhere', () => {
    expect(levelFitsRegion('VILLAGE', '421121')).toBe(true);
    expect(levelFitsRegion('TOWNSHIP', '421121')).toBe(true);
    expect(levelFitsRegion('VILLAGE', '421100')).toBe(false);
    expect(levelFitsRegion('TOWNSHIP', '420000')).toBe(false);
    expect(levelFitsRegion('PREFECTURAL', '421100')).toBe(true);
    expect(levelFitsRegion('COUNTY', '421121')).toBe(true);
  });
});

describe('occupancy', () => {
  it('is FULL exactly at capacity and above, OPEN one below', () => {
    expect(statusForOccupants(500, 500)).toBe('FULL');
    expect(statusForOccupants(501, 500)).toBe('FULL');
    expect(statusForOccupants(499, 500)).toBe('OPEN');
    expect(statusForOccupants(0, 500)).toBe('OPEN');
  });

  it('leaves free capacity never below 0', () => {
    expect(freeCapacity(500, 120)).toBe(380);
    expect(freeCapacity(500, 500)).toBe(0);
    expect(freeCapacity(500, 530)).toBe(0);
  });

  it('accepts more than capacity only when marked over capacity', () => {
    expect(occupancyAccepted(500, 500, false)).toBe(true);
    expect(occupancyAccepted(501, 500, false)).toBe(false);
    expect(occupancyAccepted(501, 500, true)).toBe(true);
  });
});

describe('coverage', () => {
  it('counts fixed and central shelters against the ratio, not emergency ones', () => {
    expect(countsAgainstRatio('EMERGENCY')).toBe(false);
    expect(countsAgainstRatio('FIXED_SHORT_TERM')).toBe(true);
    expect(countsAgainstRatio('FIXED_LONG_TERM')).toBe(true);
    expect(countsAgainstRatio('CENTRAL')).toBe(true);
  });

  it('rounds the places a population needs up to whole people', () => {
    expect(requiredPlaces(100_000, 15)).toBe(15_000);
    expect(requiredPlaces(100_001, 15)).toBe(15_001);
    expect(requiredPlaces(7, 15)).toBe(2);
  });

  it('goes one level down: province to prefecture, prefecture to county, a county stays itself', () => {
    expect(childRegionOf('420000', '421121')).toBe('421100');
    expect(childRegionOf('421100', '421121')).toBe('421121');
    expect(childRegionOf('421121', '421121')).toBe('421121');
  });
});
