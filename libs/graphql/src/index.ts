export * from './scalars';
export * from './errors';
export * from './pagination';
export * from './first-pages';
export * from './context';
export * from './sdl';
export * from './validation';
export * from './jurisdiction';
