export * from './incident';
export * from './fund';
export * from './contribution';
