import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { WORKSPACE_ROOT } from './workspace';

/** The parts of V8's .cpuprofile (the DevTools protocol's `Profiler.Profile`) read here. */
const CpuProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type CallFrame = z.infer<typeof CpuProfileSchema>['nodes'][number]['callFrame'];

export interface HotSpot {
  /** `file:function:line`, the file relative to the workspace. */
  frame: string;
  /** Percent of all sampled time, idle included. */
  selfPercent: number;
  totalPercent: number;
}

export interface ProfileSummary {
  sampledMs: number;
  idlePercent: number;
  /** Highest self time first. */
  bySelf: HotSpot[];
  /** Highest inclusive time first, workspace and Powertools frames only: what our code costs, callees included. */
  byTotal: HotSpot[];
}

const IDLE = new Set(['(idle)', '(program)']);

const sourceMaps = new Map<string, SourceMap | undefined>();

function sourceMapOf(path: string): SourceMap | undefined {
  if (!sourceMaps.has(path)) {
    const map = `${path}.map`;
    sourceMaps.set(path, existsSync(map) ? new SourceMap(JSON.parse(readFileSync(map, 'utf8'))) : undefined);
  }
  return sourceMaps.get(path);
}

/** `file:function:line`; frames in a minified bundle are named after their source through its .map. */
function frameName({ functionName, url, lineNumber, columnNumber }: CallFrame): string {
  if (url === '') return functionName;
  if (!url.startsWith('file://')) return `${url}:${functionName || '(anonymous)'}:${lineNumber + 1}`;
  const path = fileURLToPath(url);
  const entry = sourceMapOf(path)?.findEntry(lineNumber, columnNumber);
  if (entry && 'originalSource' in entry) {
    const source = relative(WORKSPACE_ROOT, resolve(dirname(path), entry.originalSource));
    // Node adds the original name to the entry; @types/node 20 does not declare it.
    const name = 'name' in entry && typeof entry.name === 'string' ? entry.name : functionName || '(anonymous)';
    return `${source}:${name}:${entry.originalLine + 1}`;
  }
  return `${relative(WORKSPACE_ROOT, path)}:${functionName || '(anonymous)'}:${lineNumber + 1}`;
}

function isOurs(frame: string): boolean {
  return /^(apps|libs)\/|@aws-lambda-powertools/.test(frame);
}

/** Self and inclusive time per frame; a frame recursing on one stack counts once toward its total. */
export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = CpuProfileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampled = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    // V8 records the time since the previous sample before each sample; DevTools credits it to this one.
    const delta = profile.timeDeltas[index + 1] ?? 0;
    const node = nodes.get(id);
    if (!node) return;
    sampled += delta;
    const frame = frameName(node.callFrame);
    if (IDLE.has(frame)) idle += delta;
    self.set(frame, (self.get(frame) ?? 0) + delta);
    const onStack = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
      const callFrame = nodes.get(current)?.callFrame;
      if (callFrame) onStack.add(frameName(callFrame));
    }
    for (const name of onStack) total.set(name, (total.get(name) ?? 0) + delta);
  });

  const percent = (micros: number) => Math.round((micros / sampled) * 1000) / 10;
  const spot = (frame: string): HotSpot => ({ frame, selfPercent: percent(self.get(frame) ?? 0), totalPercent: percent(total.get(frame) ?? 0) });
  const ranked = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).map(([frame]) => frame);
  return {
    sampledMs: Math.round(sampled / 1000),
    idlePercent: percent(idle),
    bySelf: ranked(self).filter((frame) => !IDLE.has(frame)).slice(0, top).map(spot),
    byTotal: ranked(total).filter(isOurs).slice(0, top).map(spot),
  };
}
