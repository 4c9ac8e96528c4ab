import { useEffect } from 'preact/hooks';
import { useSession } from '../../auth/session';
import { formatNumber, t } from '../../i18n';
import '../../styles/alerts.css';
import { startInbox, UNREAD_LIMIT, useUnreadCount } from './inbox';

/**
 * The unread count beside the Alerts link. It lives as long as the signed-in layout, so mounting it
 * opens the event stream and signing out (which unmounts the layout) closes it. A separate element
 * with its own words: the link's name stays "Alerts" and screen readers hear "3 unread" after it.
 */
export function UnreadBadge() {
  const session = useSession();
  const userId = session.status === 'signedIn' ? session.me.user.id : undefined;
  useEffect(() => (userId ? startInbox(userId) : undefined), [userId]);
  const count = useUnreadCount();
  if (!count) return null;
  const shown = count >= UNREAD_LIMIT ? `${formatNumber(UNREAD_LIMIT - 1)}+` : formatNumber(count);
  const label = count >= UNREAD_LIMIT ? t('alerts.unreadMany', { count: UNREAD_LIMIT - 1 }) : t('alerts.unreadCount', { count });
  return (
    <span class="unread-badge">
      <span aria-hidden="true">{shown}</span>
      <span class="visually-hidden">{label}</span>
    </span>
  );
}
