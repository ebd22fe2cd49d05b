import { spawn } from 'node:child_process';

/*
 * Runs beside a server this process started and shuts the server down once this process is gone. A killed Node
 * process (SIGKILL, OOM, a Jest worker torn down) runs no exit handlers, and PostgreSQL does not notice that its
 * parent died: it would be reparented and keep running, holding its port and its data directory's lock, forever.
 *
 * "Gone" is read from the server's parent PID rather than from the owner's PID: the kernel reparents the server
 * the moment its parent exits, even while the dead parent is still an unreaped zombie, and a recycled owner PID
 * cannot fool the check. Before any signal the target's command line must still contain `marker`, so a recycled
 * server PID is never signalled.
 *
 * Arguments: $1 target PID, $2 owner PID, $3 marker, $4 first signal, $5 seconds before SIGQUIT.
 */
const SCRIPT = `
target=$1 owner=$2 marker=$3 first=$4 grace=$5
parent_of() {
  if [ -r "/proc/$1/stat" ]; then sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f2
  else ps -o ppid= -p "$1" | tr -d ' '; fi
}
is_target() {
  if [ -r "/proc/$target/cmdline" ]; then tr '\\0' ' ' < "/proc/$target/cmdline"
  else ps -o args= -p "$target"; fi | grep -qF -- "$marker"
}
while [ "$(parent_of "$target" 2>/dev/null)" = "$owner" ]; do sleep 1; done
is_target 2>/dev/null || exit 0
kill -"$first" "$target" 2>/dev/null
waited=0
while [ "$waited" -lt "$grace" ] && is_target 2>/dev/null; do sleep 1; waited=$((waited + 1)); done
is_target 2>/dev/null && kill -QUIT "$target" 2>/dev/null
exit 0
`;

/** Handle on a running orphan guard. */
export interface OrphanGuard {
  /** Ends the guard (when the server was stopped normally). */
  dismiss(): void;
}

/**
 * Starts a detached `/bin/sh` watchdog (polling once a second) that sends `signal` to `targetPid` when this process
 * is no longer its parent, then SIGQUIT after `graceSeconds` if it still runs. It is unref'd and has no pipes, so it
 * never keeps this process alive.
 */
export function guardAgainstOrphaning(
  targetPid: number,
  marker: string,
  signal: 'INT' | 'TERM',
  graceSeconds: number,
): OrphanGuard {
  const watchdog = spawn(
    '/bin/sh',
    [
      '-c',
      SCRIPT,
      'local-stack-orphan-guard',
      String(targetPid),
      String(process.pid),
      marker,
      signal,
      String(graceSeconds),
    ],
    // Own process group: Ctrl-C in a terminal must not end the guard together with its owner.
    { detached: true, stdio: 'ignore' },
  );
  watchdog.on('error', () => undefined);
  watchdog.unref();
  return {
    dismiss() {
      if (watchdog.pid === undefined || watchdog.exitCode !== null || watchdog.signalCode !== null) return;
      try {
        // The whole group, so a `sleep` in progress goes too.
        process.kill(-watchdog.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    },
  };
}
