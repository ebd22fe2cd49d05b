export * from './plan';
export * from './drill';
