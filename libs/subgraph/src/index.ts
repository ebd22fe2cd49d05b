export * from './options';
export * from './tokens';
export * from './subgraph.module';
export * from './bootstrap';
export * from './known-organisations';
export * from './region-scope';
export * from './feature';
export * from './write';
