export * from './procurement';
export * from './shelter';
export * from './stock';
export * from './reserve';
export * from './shelter-cost';
export * from './dispatch';
export * from './requisition';
export * from './donation';
