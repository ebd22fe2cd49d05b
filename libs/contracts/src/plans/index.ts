export * from './plan';
export * from './activation';
