export { AppDeploySchema, readAppDeploy } from './app-deploy';
export type { AppDeploy } from './app-deploy';
