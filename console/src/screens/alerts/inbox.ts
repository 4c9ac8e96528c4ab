import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { onRealtimeEvent, onRealtimeStatus, type RealtimeEvent, startRealtime, stopRealtime } from '../../realtime/client';
import type { Notification, Page } from './types';

/**
 * The signed-in user's inbox as the whole console sees it: the unread count of the badge, and each
 * new notification as the event stream announces it. The count is always read back from Kheti
 * rather than added up here, so a replayed event or a notification read in another tab never
 * leaves it wrong.
 */

/** Counted up to this many; beyond, the badge says "99+". */
export const UNREAD_LIMIT = 100;
/** The stream's event types the console listens to. */
const EVENT_TYPES = ['notification.', 'replay.'];

let unread: number | undefined;
const countListeners = new Set<(count: number | undefined) => void>();
const arrivalListeners = new Set<(notification: Notification) => void>();
let stopListening: (() => void) | undefined;
let countTimer: ReturnType<typeof setTimeout> | undefined;

function setUnread(count: number | undefined): void {
  unread = count;
  for (const listener of countListeners) listener(count);
}

/** Reads the unread count again (after a change), a moment later so a burst of events costs one request. */
export function refreshUnread(delayMs = 200): void {
  clearTimeout(countTimer);
  countTimer = setTimeout(() => {
    api.get<Page<Notification>>(`/v1/notifications?unread=true&limit=${UNREAD_LIMIT}`).then(
      (page) => setUnread(page.nextCursor ? UNREAD_LIMIT : page.items.length),
      // The badge just stays as it was: the next event or visit reads it again.
      () => undefined,
    );
  }, delayMs);
}

/** The notification an event announces, when it is for this user (staff see every event of their organisation). */
function notificationOf(event: RealtimeEvent, userId: string): Notification | undefined {
  if (event.type !== 'notification.created') return undefined;
  const data = event.data as { notificationId?: unknown; type?: unknown; title?: unknown; body?: unknown; userId?: unknown };
  // A farmer recipient's notification names the farmer's own user, so one comparison serves every role.
  if (data.userId !== userId || typeof data.notificationId !== 'string') return undefined;
  return {
    id: data.notificationId,
    type: String(data.type ?? ''),
    title: String(data.title ?? ''),
    body: String(data.body ?? ''),
    data: event.data,
    createdAt: event.at,
    readAt: null,
  };
}

/** Starts following the inbox when someone signs in (the layout mounts); the returned stop ends it (sign-out). */
export function startInbox(userId: string): () => void {
  stopListening?.();
  const offEvent = onRealtimeEvent((event) => {
    if (event.type === 'replay.truncated') {
      // The server no longer holds everything missed: only a fresh read is right.
      refreshUnread(0);
      return;
    }
    const notification = notificationOf(event, userId);
    if (!notification) return;
    for (const listener of arrivalListeners) listener(notification);
    refreshUnread();
  });
  // Each first connection reads the count, covering what arrived before the stream was open.
  const offStatus = onRealtimeStatus((status) => status === 'open' && unread === undefined && refreshUnread(0));
  startRealtime(EVENT_TYPES);
  refreshUnread(0);
  stopListening = () => {
    offEvent();
    offStatus();
    stopRealtime();
    clearTimeout(countTimer);
    setUnread(undefined);
    stopListening = undefined;
  };
  return stopListening;
}

/** The unread count; undefined until read. */
export function useUnreadCount(): number | undefined {
  const [count, setCount] = useState(unread);
  useEffect(() => {
    countListeners.add(setCount);
    setCount(unread);
    return () => void countListeners.delete(setCount);
  }, []);
  return count;
}

/** Calls `listener` with each new notification for this user as it arrives. */
export function onNotificationArrived(listener: (notification: Notification) => void): () => void {
  arrivalListeners.add(listener);
  return () => arrivalListeners.delete(listener);
}
