export * from './incident';
export * from './fund';
export * from './allocation';
export * from './contribution';
export * from './project';
export * from './relief';
export * from './duty';
