/**
 * Small inline SVG icons (text glyphs like ⧉ or ⏸ are missing from many system fonts). `currentColor`, 14 px.
 *
 * @example
 * <Icon name="copy" />
 */
export function Icon({ name }: { name: 'copy' | 'check' | 'pause' | 'play' | 'alert' }) {
  return (
    <svg class="icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">
      {name === 'copy' ? (
        <>
          <rect x="5.5" y="5.5" width="8" height="8.5" rx="1.5" />
          <path d="M10.5 5.5V3.5a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 3.5V10A1.5 1.5 0 0 0 4 11.5h1.5" />
        </>
      ) : name === 'check' ? (
        <path d="M3 8.5l3.2 3L13 4.5" />
      ) : name === 'pause' ? (
        <path d="M5.5 3.5v9M10.5 3.5v9" stroke-width="2" />
      ) : name === 'play' ? (
        <path d="M5 3.2v9.6L12.5 8z" fill="currentColor" />
      ) : (
        <path d="M8 4v5M8 11.5v.5" stroke-width="2" />
      )}
    </svg>
  );
}
