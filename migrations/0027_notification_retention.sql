-- Notifications past their retention (read ones 90 days after reading, unread ones 365 days after
-- they were made; NOTIFICATION_*_RETENTION_DAYS) are deleted by the daily notifications.prune job,
-- which runs as the platform role. Their SMS records go with them (ON DELETE CASCADE).
GRANT DELETE ON notifications TO kheti_platform;
