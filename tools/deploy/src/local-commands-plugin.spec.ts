import { join } from 'node:path';
import * as z from 'zod';

// The plugin is the CommonJS module nx.json names; what it exports is checked here rather than trusted.
const PluginSchema = z.object({ createNodesV2: z.tuple([z.string(), z.custom<(deployFiles: string[]) => unknown>((value) => typeof value === 'function')]) });
const plugin = PluginSchema.parse(require(join(__dirname, '../plugin.cjs')));

describe('the local commands plugin', () => {
  it('gives every app with a deploy.json the invoke, event and logs targets of tools/deploy', () => {
    // prepare
    const [glob, createNodes] = plugin.createNodesV2;

    // act
    const nodes = createNodes(['apps/notification-service/deploy.json']);

    // assess
    expect(glob).toBe('apps/*/deploy.json');
    expect(nodes).toEqual([
      [
        'apps/notification-service/deploy.json',
        {
          projects: {
            'apps/notification-service': {
              targets: {
                invoke: { executor: './tools/deploy:invoke', cache: false },
                event: { executor: './tools/deploy:event', cache: false },
                logs: { executor: './tools/deploy:logs', cache: false },
              },
            },
          },
        },
      ],
    ]);
  });
});
