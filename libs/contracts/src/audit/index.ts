export * from './fund-flow';
export * from './anomaly';
