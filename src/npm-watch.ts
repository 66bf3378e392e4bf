/**
 * `npm start` puts a shell (and, when run through tsx, tsx) between npm and the gateway. SIGTERM to
 * the npm process reaches only that shell: the shell dies, npm exits, and the gateway, orphaned,
 * kept serving on DATA_DIR with its database, so the next `npm start` could not start. So a gateway
 * started by npm watches the processes between itself and that npm, and when one of them is gone
 * it stops as if it had been sent SIGTERM (draining as usual).
 *
 * Only under npm (the nearest ancestor whose title is `npm ...`): a gateway started by a shell
 * script, nohup or a service manager is never stopped because its parent exited. Linux only (/proc);
 * elsewhere nothing is watched.
 */
import { readFileSync } from 'node:fs';
import { processInfo } from './db/data-dir-lock.js';

/** The processes from our parent up to and including the npm that started us; empty when not under npm. */
function chainToNpm(): { pid: number; start: string | undefined }[] {
  const chain: { pid: number; start: string | undefined }[] = [];
  for (let pid = process.ppid; pid > 1 && chain.length < 32; ) {
    const info = processInfo(pid);
    if (!info || info.ppid === undefined) return [];
    chain.push({ pid, start: info.start });
    let title = '';
    try {
      title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    } catch {
      return [];
    }
    // npm sets its process title to "npm start", "npm run dev", "npm exec ..." (npx).
    if (/^npm(\s|$)/.test(title)) return chain;
    pid = info.ppid;
  }
  return [];
}

// Read when this module loads, at the very start of the process: npm may already be gone by the
// time the gateway has started (the first start initialises the database for a few seconds).
const chain = process.platform === 'linux' ? chainToNpm() : [];

/** Calls `stop` once when the npm that started this process, or a process between us, is gone. */
export function stopWhenNpmIsGone(stop: () => void, intervalMs = 1000): void {
  if (chain.length === 0) return;
  const timer = setInterval(() => {
    const gone = chain.some(({ pid, start }) => {
      const info = processInfo(pid);
      return !info || (start !== undefined && info.start !== start);
    });
    if (!gone) return;
    clearInterval(timer);
    stop();
  }, intervalMs);
  timer.unref();
}
