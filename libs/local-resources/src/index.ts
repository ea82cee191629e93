export { MissingResourceNameError, createResources, startLocalStorage } from './local-storage';
export type { ConfigValues, LocalStorage, ResourceVariables } from './local-storage';
