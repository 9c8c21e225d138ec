/**
 * Why a receiver could not read a request body, with the HTTP status to answer (400 unreadable, 413 over the cap,
 * 415 unknown Content-Encoding). Thrown by the viewer's and the relay's body readers alike.
 * @example throw new BodyError(413, 'body is over the 5242880-byte limit');
 */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}
