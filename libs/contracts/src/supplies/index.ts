export * from './procurement';
export * from './reserve';
