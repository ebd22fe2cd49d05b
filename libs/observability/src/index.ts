export * from './logger';
export * from './metrics';
export * from './health';
export * from './process';
export * from './event-metrics';
