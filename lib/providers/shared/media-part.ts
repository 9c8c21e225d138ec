import type { MessagePart } from '../provider-adapter.js';

/**
 * The GenAI modality of a MIME type (`image/png` -> `image`), when it is one of the well-known ones.
 *
 * @example
 * modalityOf('image/png'); // 'image'
 */
export function modalityOf(mimeType: string | undefined): string | undefined {
  const top = mimeType?.split('/')[0];
  return top === 'image' || top === 'audio' || top === 'video' ? top : undefined;
}

/**
 * A media reference as a GenAI part: `data:` URLs become `blob` parts (the base64 payload as content), others `uri`.
 *
 * @example
 * mediaPart('data:image/png;base64,iVBOR'); // { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBOR' }
 */
export function mediaPart(url: string, fallbackModality?: string, mimeType?: string): MessagePart {
  const data = /^data:([^;,]+)?(?:;[^,]*)?,/.exec(url);
  if (data) {
    const mime = data[1] ?? mimeType;
    return { type: 'blob', modality: modalityOf(mime) ?? fallbackModality, mime_type: mime, content: url.slice(data[0].length) };
  }
  return { type: 'uri', modality: modalityOf(mimeType) ?? fallbackModality, mime_type: mimeType, uri: url };
}
