export * from './procurement';
export * from './shelter';
