export * from './signature';
export * from './target-url';
export * from './subscription-input';
export * from './retry-policy';
export * from './fair-share';
export * from './lease';
