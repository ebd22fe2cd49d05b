export * from './keyset';
export * from './first-rows';
