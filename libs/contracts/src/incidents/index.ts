export * from './incident';
export * from './fund';
export * from './project';
export * from './relief';
