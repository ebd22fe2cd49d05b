export * from './helpers';
export * from './graphql-client';
export * from './system';
export * from './kafka';
export * from './subgraph';
export * from './organisations';
export * from './statements';
