import { existsSync, readFileSync } from 'node:fs';
import { classifyTexts, inWords, pool } from './dev-texts.js';
import { load, startBenchServer } from './http-realistic.js';

/**
 * Two checkouts of this repository side by side under the same HTTP load: `npm start`'s
 * server from each folder, HTTP classify (`sentiment`) on 20–25-word dev texts, a different
 * text per request, result cache off, loaded in turns (order swapped every round). Prints
 * req/s, p50, p99 and server CPU per request (/proc: the process and its cluster workers).
 * Usage: npx tsx bench/ab-http.ts <dirA> <dirB> [workers|default] [levels, e.g. 64,16] [rounds] [seconds]
 * e.g. `npx tsx bench/ab-http.ts /work/main . default 64,16 6 4` (CLOZE_THREADS etc. pass through).
 */
const [dirA, dirB, workers = '1', levelsArg = '64', roundsArg = '3', secArg = '4'] = process.argv.slice(2);
const ticks = (pid: number): number => {
  let t = 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  t += Number(stat[11]) + Number(stat[12]);
  const kids = `/proc/${pid}/task/${pid}/children`;
  if (existsSync(kids)) for (const k of readFileSync(kids, 'utf8').trim().split(/\s+/).filter(Boolean)) t += ticks(Number(k));
  return t;
};
const texts = pool('20–25', inWords(classifyTexts(), 20, 25));
const env: Record<string, string> = workers === 'default' ? {} : { CLOZE_WORKERS: workers };
const servers = [await startBenchServer(env, dirA!), await startBenchServer(env, dirB!)];
const names = [`A ${dirA}`, `B ${dirB}`];
for (const c of levelsArg.split(',').map(Number)) {
  const res: { rps: number; p50: number; p99: number; cpuMsPerReq: number; errors: number }[][] = [[], []];
  for (let r = 0; r < Number(roundsArg); r++) {
    for (const v of r % 2 ? [1, 0] : [0, 1]) {
      const s = servers[v]!;
      const t0 = ticks(s.child.pid!);
      const a = await load(s.base, c, Number(secArg), () => texts.next());
      const cpu = (ticks(s.child.pid!) - t0) * 10;
      res[v]!.push({
        rps: a.rps,
        p50: a.p50,
        p99: a.p99,
        cpuMsPerReq: cpu / Math.max(1, a.total),
        errors: a.errors,
      });
    }
  }
  for (const v of [0, 1]) {
    const rs = res[v]!;
    console.log(
      `c=${c} ${names[v]}: rps ${rs.map((x) => x.rps.toFixed(0)).join('/')}  p50 ${rs.map((x) => x.p50).join('/')}  p99 ${rs.map((x) => x.p99).join('/')}  cpu ms/req ${rs.map((x) => x.cpuMsPerReq.toFixed(2)).join('/')}  errors ${rs.reduce((n, x) => n + x.errors, 0)}`,
    );
  }
}
for (const s of servers) s.child.kill('SIGTERM');
await Promise.all(servers.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)))));
