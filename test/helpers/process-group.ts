/**
 * True when no process of the group `pgid` is alive any more (tests that spawn a command `detached` check that
 * Ctrl+C ended all of it: npx, the shell and node).
 *
 * @example
 * assert.ok(groupIsGone(child.pid!));
 */
export function groupIsGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
