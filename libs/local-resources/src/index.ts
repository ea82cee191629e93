export { localEnvFile } from './local-env-file';
export type { LocalEnvFile } from './local-env-file';
export { MissingResourceNameError, createResources, startLocalStorage } from './local-storage';
export type { ConfigValues, LocalStorage, LocalStorageOptions, ResourceVariables } from './local-storage';
export { DEFAULT_RESTART_BUDGET, EngineSupervisionError } from './supervised-engine';
export type { RestartBudget, StorageLogger, SupervisedEngine } from './supervised-engine';
