// Starting, pinning and stopping the bench's processes. Every process is started in its own process
// group (so its children go with it), pinned with taskset, logged to a file, and stopped by its own
// pid when the bench ends — also on Ctrl-C or an error.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Started {
  name: string;
  pid: number;
  child: ChildProcess;
  log: string;
}

export interface StartOptions {
  /** taskset CPU list, e.g. "1"; null = not pinned. */
  cpus: string | null;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The processes this bench started, so that it stops exactly those. */
export class Processes {
  private readonly started: Started[] = [];

  constructor(private readonly logDir: string) {}

  start(name: string, command: string, args: string[], options: StartOptions): Started {
    const log = join(this.logDir, `${name}.log`);
    const fd = openSync(log, 'a');
    const [cmd, argv] = options.cpus === null ? [command, args] : ['taskset', ['-c', options.cpus, command, ...args]];
    // stdin stays a pipe: our own entries (mock, passthrough) exit when it closes, i.e. when we die
    const child = spawn(cmd, argv, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', fd, fd],
      detached: true, // own process group: Ctrl-C reaches us, and we stop it ourselves
    });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd})`);
    const entry = { name, pid: child.pid, child, log };
    this.started.push(entry);
    child.on('exit', () => {
      entry.child.stdin?.destroy();
    });
    return entry;
  }

  /** Pids of the processes still running. */
  pids(): number[] {
    return this.started.map((entry) => entry.pid);
  }

  /** Freezes a process group (SIGSTOP), so that it takes no CPU while another target is measured. */
  freeze(entry: Started): void {
    signalGroup(entry.pid, 'SIGSTOP');
  }

  /** Lets a frozen process group run again. */
  thaw(entry: Started): void {
    signalGroup(entry.pid, 'SIGCONT');
  }

  /** Stops one process group: SIGTERM, then SIGKILL after the grace period. */
  async stop(entry: Started, graceMs = 10_000): Promise<void> {
    const index = this.started.indexOf(entry);
    if (index >= 0) this.started.splice(index, 1);
    if (entry.child.exitCode !== null || entry.child.signalCode !== null) return;
    signalGroup(entry.pid, 'SIGCONT'); // a frozen process would not act on SIGTERM
    const exited = new Promise<void>((resolve) => entry.child.once('exit', () => resolve()));
    signalGroup(entry.pid, 'SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
    if (timedOut) {
      signalGroup(entry.pid, 'SIGKILL');
      await exited;
    }
    signalGroup(entry.pid, 'SIGKILL'); // leftovers of the group, if any
  }

  /** Stops everything still running, most recently started first. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.started].reverse().map((entry) => this.stop(entry)));
  }

  /** Synchronous last resort (process 'exit' handler): SIGKILL every group still running. */
  killAllNow(): void {
    for (const entry of this.started) signalGroup(entry.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Waits until GET url answers 200, failing early when the process exits. */
export async function waitForHttp(url: string, proc: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${proc.name} exited (code ${proc.child.exitCode ?? proc.child.signalCode}); see ${proc.log}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${proc.name} did not answer 200 on ${url} within ${timeoutMs / 1000}s (${last}); see ${proc.log}`);
}

/** Runs a command to completion, capturing its output. */
export function runCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
