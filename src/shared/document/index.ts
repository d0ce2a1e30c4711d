// The page document model: what the editor edits, the API saves and every exporter reads.
export * from './model';
export * from './offsets';
export * from './plain';
export * from './span-mapping';
export * from './patch';
