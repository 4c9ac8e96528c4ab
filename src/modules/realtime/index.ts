/**
 * The realtime module's face: the stored event stream (table events) and its delivery. Raisers
 * store and announce with raiseEvent; dispatchers follow the stream with eventsAfter.
 */
export { eventsAfter, raiseEvent, type NewEvent, type StoredEvent } from './store.js';

// The WebSocket route, for the app.
export { realtimeRoutes } from './routes.js';

// The retention: stored events older than EVENT_RETENTION_DAYS are pruned hourly.
export { pruneEvents, registerRealtimeJobs } from './prune.js';
