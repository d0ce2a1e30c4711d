// Full-text search, shared by every process: the query language and the API's shapes.
export * from './query';
export * from './snippet';
export * from './types';
