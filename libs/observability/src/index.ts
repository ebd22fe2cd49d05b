export * from './logger';
export * from './metrics';
export * from './health';
export * from './process';
export * from './tracing';
export * from './http';
export * from './graphql-plugin';
export * from './event-metrics';
