import { readdirSync, readFileSync } from 'node:fs';

/**
 * What Linux says of the processes of one process group, read from /proc. A build worker leads its
 * own group, and esbuild's service, its child, stays in it: the group is the whole build, even
 * after the worker itself is gone. (Lambda's kernel, like Firecracker's here, has no
 * /proc/<pid>/task/<tid>/children, so the group is found by reading each process's stat.)
 */
interface ProcessStat {
  pid: number;
  state: string;
  pgrp: number;
}

function readStat(pid: number): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces and parentheses: fields start after the last ')'.
    const [state = '', , pgrp = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, state, pgrp: Number(pgrp) };
  } catch {
    return undefined; // the process ended while we looked
  }
}

function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The running processes of the group: zombies hold no memory and wait only to be reaped, so they do not count. */
export function liveGroupMembers(pgid: number): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return []; // no /proc (not Linux): nothing can be seen, so nothing is measured
  }
  return pids
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcessStat => stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X')
    .map((stat) => stat.pid);
}

/** The resident memory of every running process of the group, together. */
export function groupRssBytes(pgid: number): number {
  return liveGroupMembers(pgid).reduce((total, pid) => total + rssBytes(pid), 0);
}
