/**
 * A real IMAP server for tests: Debian's dovecot-imapd (2.3), started from a temp directory on a
 * free port with plaintext sign-in and a passwd file of its own (the workspace toolchain notes have the facts), and
 * stopped with its directory removed, also when the start fails half-way. `.ci/run` installs the
 * package when `dovecot` is missing.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';

export interface Dovecot {
  host: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once the server greets on the port (`* OK`). */
async function greeting(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000, () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not answer on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts dovecot with these users (`address → password`). */
export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) throw new Error(`${DOVECOT} is missing: apt-get install dovecot-imapd (.ci/run installs it)`);
  const dir = mkdtempSync(join(tmpdir(), 'anytime-dovecot-'));
  // Dovecot's processes run as nobody / dovenull: every parent of its files must be reachable.
  chmodSync(dir, 0o755);
  const conf = join(dir, 'dovecot.conf');
  const stop = async () => {
    try {
      if (existsSync(conf)) await run(DOVEADM, ['-c', conf, 'stop']).catch(() => undefined);
      // doveadm stop returns before the master has exited: wait for its pid file to go.
      const pidFile = join(dir, 'run', 'master.pid');
      const deadline = Date.now() + 5000;
      while (existsSync(pidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').trim());
        if (pid) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone already
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const port = await freePort();
    const home = join(dir, 'home');
    mkdirSync(home, { mode: 0o777 });
    chmodSync(home, 0o777);
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, Object.entries(users).map(([user, password]) => `${user}:{PLAIN}${password}\n`).join(''));
    chmodSync(passwd, 0o644);
    writeFileSync(
      conf,
      [
        'protocols = imap',
        'listen = 127.0.0.1',
        `base_dir = ${join(dir, 'run')}`,
        `state_dir = ${join(dir, 'state')}`,
        `log_path = ${join(dir, 'dovecot.log')}`,
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        // A refused sign-in answers at once (the default waits 2 s).
        'auth_failure_delay = 0',
        'default_internal_user = nobody',
        'default_login_user = dovenull',
        `service imap-login {\n  inet_listener imap {\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
        `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${passwd}\n}`,
        `userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=${home}/%u\n}`,
        'mail_location = maildir:~/Maildir',
        '',
      ].join('\n'),
    );
    const master = spawn(DOVECOT, ['-c', conf], { stdio: 'ignore' });
    const exited = await new Promise<number | null>((resolve, reject) => {
      master.once('error', reject);
      master.once('exit', (code) => resolve(code));
    });
    // `dovecot` forks into the background and its first process exits 0.
    if (exited !== 0) throw new Error(`dovecot exited with ${exited}: ${existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : ''}`);
    await greeting(port, 10_000);
    return { host: '127.0.0.1', port, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
