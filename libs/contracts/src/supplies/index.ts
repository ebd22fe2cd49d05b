export * from './procurement';
export * from './stock';
