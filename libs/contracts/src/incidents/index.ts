export * from './incident';
export * from './fund';
