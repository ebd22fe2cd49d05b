export * from './procurement';
export * from './shelter';
export * from './shelter-cost';
