export * from './fund-flow';
