import type { Provider } from '../providers/call-tracer.js';
import type { WrapFetch } from './wrap-fetch.js';

/** What an entry traces with: its `wrapFetch` and the providers used after the ones the app names. */
export interface FetchKit {
  wrapFetch: WrapFetch;
  /** Every built-in adapter and MCP in the default entries; none in `tracelight/core`. */
  defaults(): readonly Provider[];
}
