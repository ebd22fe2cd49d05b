export * from './fund-flow';
export * from './finding';
