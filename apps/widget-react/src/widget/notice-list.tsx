import type { Notice } from '../call/call-state';

export function NoticeList({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-live="polite">
      {notices.map((n) => (
        <li key={n.kind} className="notice" data-testid={`notice-${n.kind}`}>
          {n.message}
          {n.link && (
            <>
              {' '}
              <a href={n.link.href}>{n.link.label}</a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
