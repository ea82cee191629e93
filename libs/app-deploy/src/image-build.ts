/** What to build: the app, the tags to give its image, and what to build it on. */
export interface AppImageBuild {
  app: string;
  tags: readonly string[];
  /** The Lambda base image (and build stage) other than the Dockerfile's AWS one, such as tools/lambda-base's local build. */
  baseImage?: string | undefined;
  /** The function's platform (`linux/arm64`, `linux/amd64`); the Docker host's own when unset. */
  platform?: string | undefined;
}

/** One `docker` CLI invocation, run from the workspace root (the build context). */
export interface DockerBuildCommand {
  args: string[];
  env: Record<string, string>;
}

/**
 * How an app's image is built, the one definition both `nx run <app>:container` and the deploy
 * plan run: docker/Dockerfile over the whole workspace, the app as the `APP` build argument (the
 * build stage then stages its bundle with tools/containers/src/stage-app.ts), on the host network
 * (the build's `npm ci` reaches the registry as the host does, with no bridge on the CI daemon).
 *
 * @example
 * const { args, env } = appImageBuildCommand({ app: 'callback-service', tags: ['callback-service:local-abc'] });
 * spawnSync('docker', args, { cwd: workspaceRoot, env: { ...process.env, ...env }, stdio: 'inherit' });
 */
export function appImageBuildCommand(build: AppImageBuild): DockerBuildCommand {
  const platform = build.platform === undefined ? [] : ['--platform', build.platform];
  // The build stage needs node and npm, which the AWS image has and so does the local base.
  const base = build.baseImage === undefined ? [] : ['--build-arg', `BASE_IMAGE=${build.baseImage}`, '--build-arg', `BUILD_IMAGE=${build.baseImage}`];
  return {
    // Lambda takes a single-platform manifest only: buildx would add provenance attestations (an
    // image index) without this variable; the classic builder ignores it.
    env: { BUILDX_NO_DEFAULT_ATTESTATIONS: '1' },
    args: ['build', '--network', 'host', ...platform, '-f', 'docker/Dockerfile', '--build-arg', `APP=${build.app}`, ...base, ...build.tags.flatMap((tag) => ['-t', tag]), '.'],
  };
}
