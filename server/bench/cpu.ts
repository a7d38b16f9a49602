// CPU accounting from /proc: what a process tree, this process, its reaped children and the whole
// machine have used. /proc/<pid>/stat of a process sums all its threads (the PGlite worker thread of
// Gatehouse included); child processes are found through their parent pid and added.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of the times in /proc (USER_HZ, 100 on Linux). */
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** The fields of /proc/<pid>/stat after the command name, so that index 0 is field 3 (state). */
function statFields(pid: number | 'self'): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // the process has exited
  }
}
const field = (fields: string[], n: number) => Number(fields[n - 3]);

/** The pids plus all their descendants (processes, not threads: threads are inside a pid's stat). */
export function withDescendants(pids: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (!fields) continue;
    const ppid = field(fields, 4);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const all = new Set(pids);
  const queue = [...pids];
  while (queue.length) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!all.has(child)) {
        all.add(child);
        queue.push(child);
      }
    }
  }
  return [...all];
}

/** utime + stime (fields 14 and 15) of the processes, all threads included, in ticks. */
export function cpuTicks(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields = statFields(pid);
    if (fields) ticks += field(fields, 14) + field(fields, 15);
  }
  return ticks;
}

/** utime + stime of every thread of one process, by thread id (the main thread's id is the pid). */
export function threadTicks(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // exited
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), field(fields, 14) + field(fields, 15));
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** CPU ticks between two threadTicks() snapshots: the main thread, the busiest other thread, the rest. */
export function threadSplit(pid: number, before: Map<number, number>, after: Map<number, number>) {
  const deltas = [...after].map(([tid, t]) => ({ tid, ticks: t - (before.get(tid) ?? 0) }));
  const main = deltas.find((d) => d.tid === pid)?.ticks ?? 0;
  const others = deltas.filter((d) => d.tid !== pid).sort((a, b) => b.ticks - a.ticks);
  const busiest = others[0]?.ticks ?? 0;
  const rest = others.slice(1).reduce((a, d) => a + d.ticks, 0);
  return { main, busiest, rest };
}

/** This process's own CPU and that of its children it has waited for (wrk after it exits), in ticks. */
export function selfTicks(): { self: number; reapedChildren: number } {
  const f = statFields('self')!;
  return { self: field(f, 14) + field(f, 15), reapedChildren: field(f, 16) + field(f, 17) };
}

/** Busy ticks of the whole machine (all CPUs): user, nice, system, irq, softirq, steal. */
export function machineBusyTicks(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const [, user = 0, nice = 0, system = 0, _idle, _iowait, irq = 0, softirq = 0, steal = 0] = cpu;
  return user + nice + system + irq + softirq + steal;
}

/** Resident memory of the processes, in MiB. */
export function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited
    }
  }
  return Math.round(kb / 1024);
}
