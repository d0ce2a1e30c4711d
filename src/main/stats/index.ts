// The statistics backend of the main process: the queries and the `galley stats` command.
export * from './command';
export * from './queries';
