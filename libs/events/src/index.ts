export * from './contract';
export * from './envelope';
export * from './registry';
export * from './kafka';
export * from './outbox';
export * from './consumer';
export { CreateEventTables1763856000000 } from './tables.migration';
