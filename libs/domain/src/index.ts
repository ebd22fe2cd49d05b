export * from './ids';
export * from './regions';
export * from './jurisdiction';
export * from './china-time';
export * from './emergency-categories';
export * from './money';
export * from './personal-names';
export * from './identity-numbers';
