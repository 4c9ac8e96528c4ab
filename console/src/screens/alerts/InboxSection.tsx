import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { formatDate, t } from '../../i18n';
import { onRealtimeStatus, type RealtimeStatus, realtimeStatus } from '../../realtime/client';
import { Empty } from '../../ui/Empty';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { onNotificationArrived, refreshUnread, useUnreadCount } from './inbox';
import type { Notification, Page } from './types';

const PAGE_SIZE = 20;

/** The user's notifications, newest first; new ones slide in at the top as the event stream brings them. */
export function InboxSection() {
  const [items, setItems] = useState<Notification[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ok' | 'error'>('loading');
  const [problem, setProblem] = useState<unknown>();
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);
  const live = useRealtimeStatus();
  const unreadCount = useUnreadCount();

  const load = async (cursor: string | null) => {
    setProblem(undefined);
    try {
      const page = await api.get<Page<Notification>>(
        `/v1/notifications?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      setItems((shown) => newestFirst(shown, page.items));
      setNextCursor(page.nextCursor);
      setState('ok');
    } catch (error) {
      setProblem(error);
      if (!cursor) setState('error');
    }
  };

  useEffect(() => {
    void load(null);
    return onNotificationArrived((notification) => {
      setItems((shown) => (shown.some((n) => n.id === notification.id) ? shown : [notification, ...shown]));
      setAnnouncement(t('alerts.arrived', { title: notification.title }));
    });
  }, []);

  const markRead = async (id: string) => {
    setProblem(undefined);
    try {
      await api.post(`/v1/notifications/${id}/read`);
      setItems((shown) => shown.map((n) => (n.id === id ? { ...n, readAt: n.readAt ?? new Date().toISOString() } : n)));
      refreshUnread(0);
    } catch (error) {
      setProblem(error);
    }
  };

  const markAllRead = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post('/v1/notifications/read-all');
      const now = new Date().toISOString();
      setItems((shown) => shown.map((n) => ({ ...n, readAt: n.readAt ?? now })));
      refreshUnread(0);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  // Unread ones may also lie beyond the pages shown.
  const anyUnread = items.some((n) => n.readAt === null) || (unreadCount ?? 0) > 0;
  return (
    <section class="alerts-section" aria-labelledby="inbox-heading">
      <div class="alerts-section-head">
        <h2 id="inbox-heading">{t('alerts.inbox')}</h2>
        <span class={live === 'open' ? 'alerts-live' : 'alerts-live alerts-live-off'}>
          {live === 'open' ? t('alerts.live') : t('alerts.offline')}
        </span>
        {anyUnread && (
          <button type="button" onClick={() => void markAllRead()} disabled={busy}>
            {t('alerts.markAllRead')}
          </button>
        )}
      </div>
      {/* Polite: a new alert is announced after whatever the reader is hearing now. */}
      <p class="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {problem !== undefined && <Problem problem={problem} onRetry={state === 'error' ? () => void load(null) : undefined} />}
      {state === 'loading' && <Loading />}
      {state === 'ok' && items.length === 0 && (
        <Empty>
          <p>{t('alerts.inboxEmpty')}</p>
        </Empty>
      )}
      {items.length > 0 && (
        <ul class="inbox-list">
          {items.map((n) => (
            <li key={n.id} class={n.readAt === null ? 'inbox-item inbox-unread' : 'inbox-item'}>
              <div class="inbox-text">
                <h3>
                  {n.readAt === null && <span class="inbox-dot">{t('alerts.unread')}</span>} {n.title}
                </h3>
                <p>{n.body}</p>
                <time dateTime={n.createdAt}>{formatDate(n.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</time>
              </div>
              {n.readAt === null && (
                <button type="button" aria-label={t('alerts.markReadNamed', { title: n.title })} onClick={() => void markRead(n.id)}>
                  {t('alerts.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {nextCursor && (
        <button type="button" onClick={() => void load(nextCursor)}>
          {t('alerts.loadOlder')}
        </button>
      )}
    </section>
  );
}

/**
 * The notifications shown plus a page read, each once (one that arrived live while the page loaded
 * is in both) and newest first: ids are UUIDv7, so they sort by time.
 */
function newestFirst(shown: Notification[], page: Notification[]): Notification[] {
  const byId = new Map(shown.map((n) => [n.id, n]));
  for (const n of page) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

function useRealtimeStatus(): RealtimeStatus {
  const [status, setStatus] = useState(realtimeStatus);
  useEffect(() => onRealtimeStatus(setStatus), []);
  return status;
}
