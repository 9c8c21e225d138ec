import type { MessagePart } from '../../shared/api-types.js';

/** What kind of media a part carries. */
export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'file';

/** A media part in one shape, whichever dialect it came in. */
export interface MediaInfo {
  kind: MediaKind;
  /** MIME type when known (`image/png`). */
  mimeType: string | null;
  /** A `data:` URL of inline content (base64 payloads become one), or null. */
  dataUrl: string | null;
  /** A URL the content lives at (http(s), or relative), or null. */
  url: string | null;
  /** A provider file id (`file-abc`), or null. */
  fileId: string | null;
  /** A file name, when the sender gave one. */
  name: string | null;
  /** Size of inline content in bytes (from the base64 length), or null. */
  bytes: number | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * Reads a message part as media, or null when it is not one. Knows the GenAI conventions' `blob` / `uri` / `file`
 * parts (what the normalizer and this library emit), plus the provider shapes other senders pass through: OpenAI
 * `image_url` / `input_image` / `input_audio` / `input_file`, Anthropic `image` / `document` with a `source`, and the AI
 * SDK's `image` / `file` parts.
 *
 * @example
 * mediaOfPart({ type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBOR…' });
 * // { kind: 'image', mimeType: 'image/png', dataUrl: 'data:image/png;base64,iVBOR…', bytes: …, … }
 */
export function mediaOfPart(part: MessagePart): MediaInfo | null {
  const p = part as Record<string, unknown>;
  const type = part.type;
  const modality = str(p.modality);
  switch (type) {
    case 'blob':
      return fromData(str(p.content), str(p.mime_type), modality, str(p.name));
    case 'uri':
      return fromUrl(str(p.uri), str(p.mime_type), modality, str(p.name));
    case 'file': {
      // Conventions' file part (`file_id`), or the AI SDK's (`data` + `mediaType`), or OpenAI's nested `file`.
      const nested = obj(p.file);
      const data = str(p.data) ?? str(nested?.file_data);
      const mime = str(p.mime_type) ?? str(p.mediaType) ?? str(p.mimeType);
      const name = str(p.name) ?? str(p.filename) ?? str(nested?.filename);
      if (data) return fromData(data, mime, modality, name);
      const url = str(p.uri) ?? str(nested?.file_url);
      if (url) return fromUrl(url, mime, modality, name);
      return { ...empty(kindOf(mime, modality, 'file'), mime, name), fileId: str(p.file_id) ?? str(nested?.file_id) };
    }
    case 'image_url':
    case 'input_image': {
      const url = str(p.image_url) ?? str(obj(p.image_url)?.url);
      if (url) return url.startsWith('data:') ? fromData(url, null, 'image', null) : fromUrl(url, null, 'image', null);
      return { ...empty('image', null, null), fileId: str(p.file_id) };
    }
    case 'input_audio': {
      const audio = obj(p.input_audio);
      const format = str(audio?.format);
      return fromData(str(audio?.data), format ? `audio/${format}` : null, 'audio', null);
    }
    case 'input_file':
      return p.file_data
        ? fromData(str(p.file_data), null, null, str(p.filename))
        : p.file_url
          ? fromUrl(str(p.file_url), null, null, str(p.filename))
          : { ...empty('file', null, str(p.filename)), fileId: str(p.file_id) };
    case 'image':
    case 'document': {
      const source = obj(p.source);
      if (source) {
        const mime = str(source.media_type);
        if (source.type === 'base64') return fromData(str(source.data), mime, type, str(p.title));
        if (source.type === 'url') return fromUrl(str(source.url), mime, type, str(p.title));
        if (source.type === 'file') return { ...empty(type, mime, str(p.title)), fileId: str(source.file_id) };
        if (source.type === 'text') return null;
      }
      // AI SDK: `{ type: 'image', image: <data URL, URL or base64>, mediaType }`.
      const image = str(p.image) ?? str(p.url);
      const mime = str(p.mediaType) ?? str(p.mimeType);
      if (!image) return null;
      return /^(https?:|\/|\.)/.test(image) ? fromUrl(image, mime, 'image', null) : fromData(image, mime, 'image', null);
    }
    default:
      return null;
  }
}

/**
 * Whether a URL may be fetched without asking: `data:` and `blob:` URLs and the viewer's own origin. Anything else
 * would tell a remote host the viewer's address, so the UI loads it only on a click.
 *
 * @example
 * isFetchSafe('https://example.com/cat.png', 'http://127.0.0.1:4318'); // false
 */
export function isFetchSafe(url: string, pageOrigin: string): boolean {
  if (/^(data|blob):/i.test(url)) return true;
  try {
    return new URL(url, pageOrigin).origin === pageOrigin;
  } catch {
    return false;
  }
}

function empty(kind: MediaKind, mimeType: string | null, name: string | null): MediaInfo {
  return { kind, mimeType, dataUrl: null, url: null, fileId: null, name, bytes: null };
}

function kindOf(mime: string | null, modality: string | null, fallback: MediaKind): MediaKind {
  const top = (mime ?? '').split('/')[0];
  if (top === 'image' || top === 'audio' || top === 'video') return top;
  if (modality === 'image' || modality === 'audio' || modality === 'video') return modality;
  if (mime === 'application/pdf' || top === 'text' || modality === 'document') return 'document';
  return fallback;
}

function fromData(content: string | null, mime: string | null, modality: string | null, name: string | null): MediaInfo {
  let mimeType = mime;
  let base64 = content;
  const prefix = content ? /^data:([^;,]+)?((?:;[^;,]*)*),/.exec(content) : null;
  if (content && prefix) {
    mimeType = prefix[1] ?? mime;
    base64 = prefix[2].includes(';base64') ? content.slice(prefix[0].length) : null;
    if (!base64) {
      // A percent-encoded data URL (rare): keep it as it is.
      return { ...empty(kindOf(mimeType, modality, 'file'), mimeType, name), dataUrl: content, bytes: content.length - prefix[0].length };
    }
  }
  const info = empty(kindOf(mimeType, modality, 'file'), mimeType, name);
  if (!base64) return info;
  const clean = base64.replace(/\s+/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  info.bytes = Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
  info.dataUrl = `data:${mimeType ?? 'application/octet-stream'};base64,${clean}`;
  return info;
}

function fromUrl(url: string | null, mime: string | null, modality: string | null, name: string | null): MediaInfo {
  const info = empty(kindOf(mime ?? mimeFromName(url), modality, 'file'), mime ?? mimeFromName(url), name);
  if (url?.startsWith('data:')) return fromData(url, mime, modality, name);
  info.url = url;
  return info;
}

const EXTENSIONS: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml',
  mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', m4a: 'audio/mp4', mp4: 'video/mp4', webm: 'video/webm', pdf: 'application/pdf',
};

function mimeFromName(url: string | null): string | null {
  const ext = url ? /\.([a-z0-9]{2,4})(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase() : undefined;
  return ext ? (EXTENSIONS[ext] ?? null) : null;
}
