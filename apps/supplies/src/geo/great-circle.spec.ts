import { greatCircleMetres } from './great-circle';

describe(greatCircleMetres.name, () => {
  const wuhan = { latitude: 30.59, longitude: 114.3 };
  const huanggang = { latitude: 30.45, longitude: 114.87 };

  it('is zero to itself and about 111.2 km per degree of latitude', () => {
    expect(greatCircleMetres(wuhan, wuhan)).toBe(0);
    expect(greatCircleMetres({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(
      111_195.08,
      1,
    );
  });

  it('shrinks a degree of longitude by the cosine of the latitude', () => {
    const atEquator = greatCircleMetres({ latitude: 0, longitude: 114 }, { latitude: 0, longitude: 115 });
    const atTuanfeng = greatCircleMetres(
      { latitude: 30.64, longitude: 114 },
      { latitude: 30.64, longitude: 115 },
    );
    expect(atTuanfeng / atEquator).toBeCloseTo(Math.cos((30.64 * Math.PI) / 180), 3);
  });

  it('is the same both ways: Wuhan to Huanggang, about 55 km east', () => {
    const d = greatCircleMetres(wuhan, huanggang);
    expect(d).toBeGreaterThan(55_000);
    expect(d).toBeLessThan(58_000);
    expect(greatCircleMetres(huanggang, wuhan)).toBeCloseTo(d, 6);
  });
});
