import { readdir, readFile } from 'node:fs/promises';

/** One process as Linux /proc/<pid>/stat describes it. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** Process group id. */
  pgrp: number;
  comm: string;
  /** CPU time used so far, user + system. */
  cpuMs: number;
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** Every process visible in /proc (none where there is no /proc), ascending by pid. */
export async function procStats(): Promise<ProcStat[]> {
  const found: ProcStat[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const m = /^\d+ \((.*)\) (.*)$/s.exec(stat.trim());
    if (!m) continue;
    // after "(comm)": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime …
    const f = m[2]!.split(' ');
    found.push({ pid: Number(entry), ppid: Number(f[1]), pgrp: Number(f[2]), comm: m[1]!, cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS });
  }
  return found.sort((a, b) => a.pid - b.pid);
}
