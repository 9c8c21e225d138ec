import { useState } from 'preact/hooks';
import { formatBytes } from '../lib/format.js';
import { isFetchSafe, type MediaInfo } from '../lib/media-of-part.js';

/**
 * A media part inline in a message: images as thumbnails when their bytes are in the span (`data:`) or on the
 * viewer's own origin; a remote image only after a click (fetching it would tell that host the viewer's address);
 * audio, video, documents and file references as labelled chips with type and size.
 *
 * @example
 * <MediaPart media={mediaOfPart(part)!} />
 */
export function MediaPart({ media }: { media: MediaInfo }) {
  const [allowed, setAllowed] = useState(false);
  const [broken, setBroken] = useState(false);
  const [big, setBig] = useState(false);
  const origin = globalThis.location?.origin ?? '';
  const src = media.dataUrl ?? media.url;
  const link = httpUrl(media.url);

  if (media.kind === 'image' && src && !broken) {
    if (media.dataUrl || isFetchSafe(src, origin) || allowed) {
      return (
        <div class="media" data-testid="media-image">
          <button type="button" class={`media-thumb${big ? ' big' : ''}`} title={big ? 'Shrink' : 'Show full size'} onClick={() => setBig(!big)}>
            <img src={src} alt={media.name ?? 'image from the message'} referrerpolicy="no-referrer" onError={() => setBroken(true)} />
          </button>
          <div class="media-caption faint">{describe(media)}</div>
        </div>
      );
    }
    return (
      <div class="media-chip" data-testid="media-remote">
        <span class="media-icon" aria-hidden="true">▣</span>
        <span class="media-label" title={media.url ?? ''}>
          image · {hostOf(media.url)}
        </span>
        <button type="button" class="btn btn-small" title={`Fetch ${media.url} (that host sees this request)`} onClick={() => setAllowed(true)}>
          Load image
        </button>
      </div>
    );
  }

  return (
    <div class="media-chip" data-testid={`media-${media.kind}`}>
      <span class="media-icon" aria-hidden="true">{ICONS[media.kind]}</span>
      <span class="media-label" title={[media.name, media.url, media.fileId].filter(Boolean).join('\n')}>
        {describe(media)}
        {broken ? ' · could not be shown (the content may have been cut by the capture limit)' : ''}
      </span>
      {media.dataUrl ? (
        <a class="btn btn-small" href={media.dataUrl} download={media.name ?? `${media.kind}${extension(media.mimeType)}`}>
          Download
        </a>
      ) : link ? (
        <a class="btn btn-small" href={link} target="_blank" rel="noreferrer noopener">
          Open
        </a>
      ) : null}
    </div>
  );
}

const ICONS: Record<MediaInfo['kind'], string> = { image: '▣', audio: '♪', video: '▶', document: '▤', file: '▢' };

function describe(m: MediaInfo): string {
  return [m.name ?? m.kind, m.mimeType, m.bytes != null ? formatBytes(m.bytes) : null, m.fileId ? `id ${m.fileId}` : null, m.url && !m.dataUrl ? hostOf(m.url) : null]
    .filter(Boolean)
    .join(' · ');
}

function httpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, globalThis.location?.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function hostOf(url: string | null): string {
  try {
    return url ? new URL(url, globalThis.location?.href).host || url : '';
  } catch {
    return url ?? '';
  }
}

function extension(mime: string | null): string {
  const sub = mime?.split('/')[1]?.split(/[+;]/)[0];
  return sub ? `.${sub === 'jpeg' ? 'jpg' : sub === 'mpeg' ? 'mp3' : sub}` : '';
}
