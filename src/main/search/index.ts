// The search backend of the main process: index upkeep, queries and the `galley search` command.
export * from './command';
export * from './index-store';
export * from './search';
