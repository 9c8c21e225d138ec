import type { StoredSpan } from '../../shared/api-types.js';
import { decodeResourceScopeProtobuf } from '../../../lib/forward/decode-otlp-protobuf.js';
import { keyValuesToAttributes } from './attribute-values.js';

/** A resource and scope pair as a span record refers to it. */
export interface ResourceEntry {
  id: number;
  /** The OTLP `Resource` and `InstrumentationScope` messages, as sent. */
  resource: Buffer;
  scope: Buffer;
  serviceName: string;
  /** Records that refer to it. */
  refs: number;
}

/**
 * The resources and scopes span records refer to by number: interned by their bytes (an exporter sends the same
 * resource with every batch), reference-counted by records (a resource goes with the last record that used it),
 * decoded once when a span is read. Ids are kept in persisted records, so a reloaded store reuses the file's ids.
 */
export interface ResourceTable {
  /** The id of this resource and scope, interned if new (takes no reference: `retain` per record). */
  intern(resource: Uint8Array, scope: Uint8Array): ResourceEntry;
  /** Restores an entry read from a persisted resource record, under its id. */
  restore(id: number, resource: Uint8Array, scope: Uint8Array): ResourceEntry;
  get(id: number): ResourceEntry | undefined;
  retain(id: number): void;
  release(id: number): void;
  /** The decoded resource and scope, as stored spans carry them (shared between spans: do not mutate). */
  view(id: number): Pick<StoredSpan, 'resource' | 'scope'>;
  entries(): IterableIterator<ResourceEntry>;
  bytes(): number;
}

const keyOf = (resource: Uint8Array, scope: Uint8Array) =>
  Buffer.from(resource.buffer, resource.byteOffset, resource.length).toString('latin1') + '\u0100' + Buffer.from(scope.buffer, scope.byteOffset, scope.length).toString('latin1');

const entryBytes = (e: ResourceEntry) => 200 + (e.resource.length + e.scope.length) * 3;

/**
 * Creates an empty resource table.
 * @example
 * const resources = createResourceTable();
 * const { id } = resources.intern(resourceBytes, scopeBytes);
 */
export function createResourceTable(): ResourceTable {
  const byId = new Map<number, ResourceEntry>();
  const byKey = new Map<string, ResourceEntry>();
  const views = new Map<number, Pick<StoredSpan, 'resource' | 'scope'>>();
  let nextId = 1;
  let bytes = 0;
  let lastResource: Uint8Array | null = null;
  let lastScope: Uint8Array | null = null;
  let lastEntry: ResourceEntry | null = null;

  function add(id: number, resource: Uint8Array, scope: Uint8Array, key: string): ResourceEntry {
    const entry: ResourceEntry = { id, resource: Buffer.from(resource), scope: Buffer.from(scope), serviceName: '', refs: 0 };
    const service = view(entry).resource.attributes['service.name'];
    entry.serviceName = typeof service === 'string' ? service : '';
    byId.set(id, entry);
    byKey.set(key, entry);
    bytes += entryBytes(entry);
    nextId = Math.max(nextId, id + 1);
    return entry;
  }

  function view(entry: ResourceEntry): Pick<StoredSpan, 'resource' | 'scope'> {
    let v = views.get(entry.id);
    if (!v) {
      try {
        const { resource, scope } = decodeResourceScopeProtobuf(entry.resource, entry.scope);
        v = {
          resource: { attributes: keyValuesToAttributes(resource.attributes) },
          scope: scope.version ? { name: scope.name, version: scope.version } : { name: scope.name },
        };
      } catch {
        v = { resource: { attributes: {} }, scope: { name: '' } };
      }
      views.set(entry.id, v);
    }
    return v;
  }

  return {
    intern(resource, scope) {
      // One exporter batch is one resource: the common case compares two references.
      if (resource === lastResource && scope === lastScope && lastEntry && byId.has(lastEntry.id)) return lastEntry;
      const key = keyOf(resource, scope);
      const entry = byKey.get(key) ?? add(nextId, resource, scope, key);
      lastResource = resource;
      lastScope = scope;
      lastEntry = entry;
      return entry;
    },
    restore(id, resource, scope) {
      const key = keyOf(resource, scope);
      const known = byId.get(id);
      if (known) return known;
      return add(id, resource, scope, key);
    },
    get: (id) => byId.get(id),
    retain(id) {
      const e = byId.get(id);
      if (e) e.refs++;
    },
    release(id) {
      const e = byId.get(id);
      if (!e || --e.refs > 0) return;
      byId.delete(id);
      byKey.delete(keyOf(e.resource, e.scope));
      views.delete(id);
      bytes -= entryBytes(e);
      if (lastEntry === e) lastEntry = null;
    },
    view(id) {
      const e = byId.get(id);
      return e ? view(e) : { resource: { attributes: {} }, scope: { name: '' } };
    },
    entries: () => byId.values(),
    bytes: () => bytes,
  };
}
