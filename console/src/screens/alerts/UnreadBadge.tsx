import { useEffect } from 'preact/hooks';
import { useSession } from '../../auth/session';
import { formatNumber, t } from '../../i18n';
import '../../styles/alerts.css';
import { startInbox, UNREAD_LIMIT, useUnreadCount } from './inbox';

/** The unread count as the badge shows it ("99+" beyond the limit) and in words; undefined when nothing is unread. */
function useUnread(): { shown: string; words: string } | undefined {
  const count = useUnreadCount();
  if (!count) return undefined;
  if (count >= UNREAD_LIMIT) {
    return { shown: `${formatNumber(UNREAD_LIMIT - 1)}+`, words: t('alerts.unreadMany', { count: UNREAD_LIMIT - 1 }) };
  }
  return { shown: formatNumber(count), words: t('alerts.unreadCount', { count }) };
}

/**
 * The unread count beside the Alerts link. It lives as long as the signed-in layout, so mounting it
 * opens the event stream and signing out (which unmounts the layout) closes it. A separate element
 * with its own words: the link's name stays "Alerts" and screen readers hear "3 unread" after it.
 */
export function UnreadBadge() {
  const session = useSession();
  const userId = session.status === 'signedIn' ? session.me.user.id : undefined;
  useEffect(() => (userId ? startInbox(userId) : undefined), [userId]);
  const unread = useUnread();
  if (!unread) return null;
  return (
    <span class="unread-badge">
      <span aria-hidden="true">{unread.shown}</span>
      <span class="visually-hidden">{unread.words}</span>
    </span>
  );
}

/**
 * The same count on a phone's Menu button while the menu is collapsed, since the Alerts link and
 * its badge are then out of sight. The button keeps the name "Menu": the number is aria-hidden and
 * the words are the button's description (its aria-describedby names `id`), read after the name.
 * The words are `hidden`, so they are read once, as that description, and never as page text; the
 * element stays (empty) when nothing is unread, so the description never points at nothing.
 */
export function MenuUnreadBadge({ id }: { id: string }) {
  const unread = useUnread();
  return (
    <>
      {unread && (
        <span class="unread-badge" aria-hidden="true">
          {unread.shown}
        </span>
      )}
      <span id={id} hidden>
        {unread?.words}
      </span>
    </>
  );
}
