export * from './plan';
export * from './assessment';
export * from './hazard';
export * from './drill';
export * from './plan-lifecycle';
export * from './activation';
