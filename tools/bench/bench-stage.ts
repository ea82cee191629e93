import { AppDeploySchema, type HttpApiName } from '@sm/app-deploy';
import { stageHttpApis, type HttpApiConfig, type LambdaFunctionConfig } from '@sm/local-gateway';
import { createTestIssuer, type TestIssuer } from '@sm/testing';

export interface BenchStage {
  /** The app's deploy.json routes as the stage's HTTP APIs: `api` behind its JWT authorizer, `sites` public. */
  apis: Record<HttpApiName, HttpApiConfig>;
  /** Signs the tokens the authorizer trusts, with a key of its own made at start (no network, no discovery). */
  issuer: TestIssuer;
}

/**
 * One app behind the HTTP APIs its deploy would make: the routes of its deploy.json (imported, so a
 * bundled server holds them too), each with its authorization, and a JWT authorizer whose keys are a
 * local key set. A request to a protected route then pays what API Gateway adds to it: the token's
 * signature and claims checked before the function runs.
 */
export function benchStage(deployJson: unknown, fn: LambdaFunctionConfig): BenchStage {
  const issuer = createTestIssuer();
  const apis = stageHttpApis([{ fn, routes: AppDeploySchema.parse(deployJson).routes }], {
    authorizer: { issuer: issuer.issuer, audience: issuer.audience, keys: issuer.keys },
  });
  return { apis, issuer };
}
