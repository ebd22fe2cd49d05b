export * from './scalars';
export * from './error-catalogue';
export * from './errors';
export * from './pagination';
export * from './context';
export * from './sdl';
export * from './validation';
export * from './jurisdiction';
