// Measures the privacy shield: detector throughput on a ~1 MB mixed German/English corpus text (one
// core), and the time the shield adds to a 4 KB prompt (protectChat: detect + pseudonymize), as
// medians of repeated runs. Targets from the privacy issue: >= 10 MB/s and p50 <= 0.3 ms.
//
//   npm run bench:pii            (REPEATS=7 by default)
import { detectPii } from '../src/privacy/detectors/index.ts';
import { benchmarkCorpusText } from '../src/privacy/corpus/benchmark-text.ts';
import { DEFAULT_PRIVACY_POLICY, PrivacyShield } from '../src/privacy/shield/index.ts';

const repeats = Number(process.env.REPEATS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

const text = benchmarkCorpusText();
const megabytes = Buffer.byteLength(text) / 1e6;

// Warm up the JIT before measuring.
for (let i = 0; i < 3; i++) detectPii(text);
const throughputs: number[] = [];
let found = 0;
for (let r = 0; r < repeats; r++) {
  const t0 = performance.now();
  found = detectPii(text).length;
  throughputs.push(megabytes / ((performance.now() - t0) / 1000));
}

// A 4 KB prompt cut from the corpus at a line boundary, sent as one user message.
const start = text.indexOf('\n', Math.floor(text.length / 3)) + 1;
let prompt = text.slice(start, start + 4096);
prompt = prompt.slice(0, prompt.lastIndexOf('\n') > 0 ? prompt.lastIndexOf('\n') : prompt.length);
const shield = new PrivacyShield(detectPii);
const request = { model: 'm', messages: [{ role: 'user' as const, content: prompt }] };
for (let i = 0; i < 500; i++) shield.protectChat(request, DEFAULT_PRIVACY_POLICY);
const p50s: number[] = [];
const p99s: number[] = [];
for (let r = 0; r < repeats; r++) {
  const samples: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now();
    shield.protectChat(request, DEFAULT_PRIVACY_POLICY);
    samples.push(performance.now() - t0);
  }
  p50s.push(percentile(samples, 0.5));
  p99s.push(percentile(samples, 0.99));
}

const mbs = median(throughputs);
const p50 = median(p50s);
console.log(`
| measure | value | target | |
|:--|--:|--:|:--|
| detector throughput (${megabytes.toFixed(2)} MB mixed DE/EN, ${found} entities) | ${mbs.toFixed(1)} MB/s | ≥ 10 MB/s | ${mbs >= 10 ? 'PASS' : 'FAIL'} |
| shield on a ${Buffer.byteLength(prompt)} B prompt, p50 | ${p50.toFixed(3)} ms | ≤ 0.3 ms | ${p50 <= 0.3 ? 'PASS' : 'FAIL'} |
| shield on a ${Buffer.byteLength(prompt)} B prompt, p99 | ${median(p99s).toFixed(3)} ms | | |

Medians of ${repeats} repeats on Node ${process.version}; run it pinned (taskset -c 1) on a quiet machine.`);
