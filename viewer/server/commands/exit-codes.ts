/**
 * Exit codes of the `tracelight` query commands (`traces`, `show`, `search`, `usage`, `tail`, `mcp`), for scripts:
 * 0 done, 1 nothing found (unknown trace or span, no search match), 2 no viewer running at the URL, 3 bad usage or
 * arguments, 4 any other failure (the viewer refused or failed the request).
 */
export const EXIT = { ok: 0, notFound: 1, noViewer: 2, usage: 3, failed: 4 } as const;

/** A command's failure: its exit code and the one line it prints. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
