/** Live subscriptions: messageAdded, conversationChanged, unreadCountsChanged, mentioned. */
import './schema.js';
export { maybeRealtimeOf, startRealtime, realtimeOf, type Realtime } from './realtime.js';
