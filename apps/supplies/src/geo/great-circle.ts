/**
 * Distances between places given by latitude and longitude (WGS-84), on a sphere of the Earth's mean radius by the
 * haversine formula: within about 0.5% of the ellipsoid, and computed in SQL because there is no PostGIS here
 * (ADR 29).
 */

/** The Earth's mean radius (IUGG), in metres. */
export const EARTH_RADIUS_METRES = 6_371_008.8;

export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** The great-circle distance in metres between two places. */
export function greatCircleMetres(from: Coordinates, to: Coordinates): number {
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * {@link greatCircleMetres} in SQL: the distance in metres from the place (`lat`, `lon`), two SQL expressions such as
 * `$1::float8`, to the `latitude` and `longitude` columns of the row `alias`. `least(1, ...)` keeps rounding from
 * taking asin out of its domain.
 */
export const greatCircleMetresSql = (alias: string, lat: string, lon: string) =>
  `(2 * ${EARTH_RADIUS_METRES} * asin(least(1, sqrt(
     power(sin(radians(${alias}.latitude::float8 - ${lat}) / 2), 2)
     + cos(radians(${lat})) * cos(radians(${alias}.latitude::float8))
       * power(sin(radians(${alias}.longitude::float8 - ${lon}) / 2), 2)))))`;
