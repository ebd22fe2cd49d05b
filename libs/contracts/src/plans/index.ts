export * from './plan';
export * from './hazard';
