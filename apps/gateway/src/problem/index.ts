export * from './problem';
export * from './problem.filter';
