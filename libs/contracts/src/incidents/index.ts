export * from './incident';
export * from './fund';
export * from './allocation';
export * from './contribution';
