// serve: the webhook receiver's public entry (server, inbox worker, missed-message pull); modules in ./webhooks/.
export { startServe, type ServeDeps, type ServeHandle, type ServeOptions } from './webhooks/server.js';
export { pullMissedMessages, type MissedDeps, type MissedOptions, type MissedResult } from './webhooks/missed.js';
export { InboxWorker, SHIPMENTS_LEASE, type WorkerOptions } from './webhooks/worker.js';
export { workOf, type Work } from './webhooks/work.js';
export { ORDERS_LEASE, type PoRef } from './webhooks/po-pusher.js';
export type { ServeStats } from './webhooks/stats.js';
