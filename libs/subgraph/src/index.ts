export * from './options';
export * from './tokens';
export * from './subgraph.module';
export * from './bootstrap';
