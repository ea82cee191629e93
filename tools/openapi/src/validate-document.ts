import { Validator } from '@seriousme/openapi-schema-validator';

/** A document that is not valid OpenAPI 3.1; the message lists the validator's errors. */
export class InvalidOpenApiError extends Error {
  constructor(
    readonly service: string,
    readonly errors: string[],
  ) {
    super(`${service}'s OpenAPI document is not valid OpenAPI 3.1:\n${errors.map((error) => `  ${error}`).join('\n')}`);
    this.name = 'InvalidOpenApiError';
  }
}

/**
 * Checks a document against the OpenAPI 3.1 specification's JSON Schema and its references, with
 * @seriousme/openapi-schema-validator; throws `InvalidOpenApiError` with the validator's errors.
 */
export async function assertValidOpenApi31(service: string, document: object): Promise<void> {
  const validator = new Validator();
  // The validator keeps and annotates what it is given: it gets a copy.
  const result = await validator.validate(structuredClone({ ...document }));
  if (!result.valid) {
    const errors = typeof result.errors === 'string' ? [result.errors] : (result.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
    throw new InvalidOpenApiError(service, errors);
  }
  if (validator.version !== '3.1') throw new InvalidOpenApiError(service, [`the document is OpenAPI ${validator.version}, not 3.1`]);
}
