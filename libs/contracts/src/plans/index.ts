export * from './plan';
export * from './assessment';
