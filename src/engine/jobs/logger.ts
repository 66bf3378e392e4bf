/**
 * graphile-worker logs through its own Logger class; this adapter sends those lines to ours
 * (JSON lines, LOG_LEVEL), with scalar scope fields only: its metadata can hold whole job rows
 * and worker objects, which do not belong in a log line. Its `info` lines (one per completed job,
 * one per worker start) become `debug`: at LOG_LEVEL=info a busy queue would drown the log.
 */
import { Logger as WorkerLogger } from 'graphile-worker';
import type { Logger } from '../../logger.js';

export function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const fields: Record<string, unknown> = { component: 'jobs' };
    for (const [key, value] of Object.entries(scope)) if (value === null || typeof value !== 'object') fields[key] = value;
    const error = (meta as { error?: unknown } | undefined)?.error;
    if (error !== undefined) fields.error = error instanceof Error ? error.message : String(error);
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    logger[method](message, fields);
  });
}

/** For the schema install at start: graphile-worker's own chatter is debug-level there. */
export function quietWorkerLogger(logger?: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message) => {
    if (level === 'error') logger?.error(message, { component: 'jobs' });
    else logger?.debug(message, { component: 'jobs' });
  });
}
