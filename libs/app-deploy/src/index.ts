export { AppDeploySchema, MAX_INTEGRATION_TIMEOUT_MS, readAppDeploy } from './app-deploy';
export type { AppDeploy } from './app-deploy';
