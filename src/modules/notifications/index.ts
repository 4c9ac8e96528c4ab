/**
 * The notifications module's face: the inbox (GET /v1/notifications), the alerts beyond price
 * (crop-health drops and weather risks, and price crossings turned into notifications), alert SMS
 * to farmers, and the worker jobs that follow the event stream and check the weather. It owns
 * fired_alerts, notifications (repository.ts), notification_sms (sms-repository.ts) and
 * notification_cursors (cursor-repository.ts); the alert rules themselves are the markets module's
 * price_alert_rules, read through its face.
 */
export { notificationRoutes } from './routes.js';
export { FOLLOW_EVENTS_JOB, registerNotificationJobs, WEATHER_RISKS_JOB } from './jobs.js';
// The inbox's retention: read notifications after NOTIFICATION_READ_RETENTION_DAYS, unread ones after NOTIFICATION_UNREAD_RETENTION_DAYS.
export { PRUNE_NOTIFICATIONS_JOB, pruneNotifications } from './prune.js';
