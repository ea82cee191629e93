export { readEnvFile } from './env-file';
export { ConfigError, loadConfig } from './load-config';
export type { ConfigIssue, LoadConfigOptions } from './load-config';
export { envBoolean, envHttpUrl, envInteger, envJson, envLogFormat, envLogLevel, envPort, envScopePrefix, envText } from './env-types';
export { awsEnv, envBucketName, envTableName } from './aws-env';
export { ServiceConfigSchema } from './service-config';
export type { ServiceConfig } from './service-config';
