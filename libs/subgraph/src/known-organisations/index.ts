export * from './known-organisation.entity';
export * from './known-organisations';
export * from './known-organisations.migration';
export * from './known-organisation-types.migration';
