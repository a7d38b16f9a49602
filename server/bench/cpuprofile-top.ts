// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, self time by
// package/folder, and top Gatehouse source functions by inclusive time.
//
//   node --import tsx bench/cpuprofile-top.ts path/to/file.cpuprofile [topN]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ms = (us: number) => (us / 1000).toFixed(0);
const pct = (part: number, whole: number) => ((100 * part) / whole).toFixed(1);

/** "node_modules/fastify", "src/gateway/pipeline.ts", "node:internal", or "(gc)" and friends. */
function bucketOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return `npm:${parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  if (url.startsWith('node:')) return url.startsWith('node:internal') ? 'node:internal' : url;
  const src = url.indexOf('/server/src/');
  if (src >= 0) return url.slice(src + '/server/'.length);
  return url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const src = url.indexOf('/server/');
  return src >= 0 ? url.slice(src + '/server/'.length) : url.replace(/^file:\/\//, '');
}

export function summarizeProfile(file: string, top = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const idle = profile.nodes
    .filter((n) => n.callFrame.functionName === '(idle)')
    .reduce((a, n) => a + (self.get(n.id) ?? 0), 0);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const busy = total - idle;

  const fnKey = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  const selfByFn = new Map<string, number>();
  const selfByBucket = new Map<string, number>();
  for (const n of profile.nodes) {
    if (n.callFrame.functionName === '(idle)') continue;
    const t = self.get(n.id) ?? 0;
    selfByFn.set(fnKey(n), (selfByFn.get(fnKey(n)) ?? 0) + t);
    const b = bucketOf(n.callFrame.url, n.callFrame.functionName);
    selfByBucket.set(b, (selfByBucket.get(b) ?? 0) + t);
  }

  // inclusive time of Gatehouse's own functions (each function counted once per stack)
  const inclusive = new Map<string, number>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (const [id, t] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      if (!n.callFrame.url.includes('/server/src/')) continue;
      const k = fnKey(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }

  const topOf = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  const out: string[] = [
    `Profile ${file}: ${ms(total)} ms sampled, ${ms(busy)} ms busy (${pct(busy, total)} %), ${ms(idle)} ms idle.`,
    '',
    `Top ${top} functions by self time (% of busy time):`,
    ...topOf(selfByFn, top).map(([k, t]) => `  ${pct(t, busy).padStart(5)} %  ${ms(t).padStart(6)} ms  ${k}`),
    '',
    'Self time by package / source file:',
    ...topOf(selfByBucket, 20).map(([k, t]) => `  ${pct(t, busy).padStart(5)} %  ${ms(t).padStart(6)} ms  ${k}`),
    '',
    'Gatehouse source functions by inclusive time:',
    ...topOf(inclusive, 20).map(([k, t]) => `  ${pct(t, busy).padStart(5)} %  ${ms(t).padStart(6)} ms  ${k}`),
  ];
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node --import tsx bench/cpuprofile-top.ts FILE.cpuprofile [topN]');
    process.exit(2);
  }
  console.log(summarizeProfile(file, Number(top ?? 25)));
}
