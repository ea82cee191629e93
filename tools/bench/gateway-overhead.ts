import { median } from '@sm/testing';
import { startChildServer, type ChildServer } from './child-server';
import { sendCallbacks, type LoadResult } from './load';
import { bundleServers } from './server-bundles';
import { benchEnv } from './workspace';

export interface GatewayOverheadOptions {
  rounds: number;
  warmupRequests: number;
  roundRequests: number;
  connections: number;
  maxRoundSeconds: number;
}

export const GATEWAY_OVERHEAD_OPTIONS: GatewayOverheadOptions = {
  rounds: 5,
  warmupRequests: 2_000,
  roundRequests: 3_000,
  connections: 10,
  maxRoundSeconds: 60,
};

export interface SideResult {
  rounds: LoadResult[];
  medianRequestsPerSecond: number;
}

export interface GatewayOverheadResult {
  options: GatewayOverheadOptions;
  gateway: SideResult;
  express: SideResult;
  /** gateway req/s ÷ express req/s, medians. */
  ratio: number;
}

function summarise(rounds: LoadResult[]): SideResult {
  return { rounds, medianRequestsPerSecond: median(rounds.map((result) => result.requestsPerSecond)) };
}

/**
 * Local gateway + callback-service handler against a bare express route doing the same work, each
 * in its own child process, in short alternate rounds (gateway, express, gateway, ...) so load from
 * others on a shared machine falls on both alike; only one server is under load at a time.
 * Rounds count requests, not seconds: the memory store's insert slows as it grows, so both sides
 * must hold the same number of records at every round, whatever their speed.
 */
export async function measureGatewayOverhead(options: GatewayOverheadOptions = GATEWAY_OVERHEAD_OPTIONS): Promise<GatewayOverheadResult> {
  const bundles = await bundleServers();
  const servers: ChildServer[] = [];
  try {
    const env = benchEnv('callback-service');
    const gateway = await startChildServer(bundles.gateway, env);
    servers.push(gateway);
    const bare = await startChildServer(bundles.express, env);
    servers.push(bare);

    const load = (server: ChildServer, requests: number) =>
      sendCallbacks({ url: server.url, requests, connections: options.connections, maxSeconds: options.maxRoundSeconds });
    await load(gateway, options.warmupRequests);
    await load(bare, options.warmupRequests);
    const gatewayRounds: LoadResult[] = [];
    const expressRounds: LoadResult[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      gatewayRounds.push(await load(gateway, options.roundRequests));
      expressRounds.push(await load(bare, options.roundRequests));
    }
    const gatewaySide = summarise(gatewayRounds);
    const expressSide = summarise(expressRounds);
    return { options, gateway: gatewaySide, express: expressSide, ratio: gatewaySide.medianRequestsPerSecond / expressSide.medianRequestsPerSecond };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    bundles.remove();
  }
}
