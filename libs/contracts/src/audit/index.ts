export * from './fund-flow';
export * from './finding';
export * from './anomaly';
