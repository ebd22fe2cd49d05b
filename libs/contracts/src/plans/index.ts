export * from './plan';
export * from './plan-lifecycle';
