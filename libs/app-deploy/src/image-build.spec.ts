import { appImageBuildCommand } from './image-build';

describe('appImageBuildCommand', () => {
  it("builds the app from docker/Dockerfile over the workspace, on the host network, with the Dockerfile's base", () => {
    // act
    const command = appImageBuildCommand({ app: 'callback-service', tags: ['callback-service:local-abc'] });

    // assess
    expect(command.args).toEqual(['build', '--network', 'host', '-f', 'docker/Dockerfile', '--build-arg', 'APP=callback-service', '-t', 'callback-service:local-abc', '.']);
  });

  it('turns off the attestations that would make the image an index Lambda refuses', () => {
    // act
    const command = appImageBuildCommand({ app: 'callback-service', tags: ['callback-service:local-abc'] });

    // assess
    expect(command.env).toEqual({ BUILDX_NO_DEFAULT_ATTESTATIONS: '1' });
  });

  it("builds on another base image, both stages, and for the function's platform when asked", () => {
    // act
    const command = appImageBuildCommand({ app: 'site', tags: ['site:one', 'site:two'], baseImage: 'lambda-base-local:24-x', platform: 'linux/arm64' });

    // assess
    expect(command.args).toEqual([
      'build',
      '--network',
      'host',
      '--platform',
      'linux/arm64',
      '-f',
      'docker/Dockerfile',
      '--build-arg',
      'APP=site',
      '--build-arg',
      'BASE_IMAGE=lambda-base-local:24-x',
      '--build-arg',
      'BUILD_IMAGE=lambda-base-local:24-x',
      '-t',
      'site:one',
      '-t',
      'site:two',
      '.',
    ]);
  });
});
