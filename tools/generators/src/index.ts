export { serviceGenerator } from './service/service.generator';
export type { ServiceGeneratorOptions } from './service/service.generator';
