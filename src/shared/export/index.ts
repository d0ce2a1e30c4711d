// The exporters and readers, one module per format, all pure so either process can run them.
export * from './alignment';
export * from './brat';
export * from './common';
export * from './conll';
export * from './csv';
export * from './doccano';
export * from './labelstudio';
export * from './names';
export * from './readers';
export * from './split';
export * from './text';
