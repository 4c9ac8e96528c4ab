import { useEffect, useState } from 'preact/hooks';
import { api } from '../../../api/client';
import { getAccessToken } from '../../../auth/tokens';
import type { Job } from './types';

export interface JobProgress {
  status: Job['status'];
  progress: number;
  /** How the page learns of progress: pushed over the event stream, or asked for every second (nothing yet while the stream opens). */
  via: 'connecting' | 'live' | 'polling';
  error?: string;
  scenesProcessed?: number;
}

/** The event envelope of GET /v1/ws (src/modules/realtime): the imagery job raises job.progress, job.finished, job.failed. */
interface JobEvent {
  type: string;
  data: { jobId?: string; progress?: number; status?: string; error?: string; scenesProcessed?: number };
}

const POLL_MS = 1000;
const CHECK_MS = 5000;

/**
 * Follows a job until it ends. Live over the WebSocket `/v1/ws` (a browser cannot set headers on a
 * WebSocket, so the token rides in the `bearer.<token>` subprotocol beside `kheti.v1`, which keeps it
 * out of URLs and logs). Once the socket is open the job is read once, since it may have moved or
 * even ended before. If the socket cannot open or drops (no token yet, expired token 4401, a proxy
 * without WebSockets), the job is polled every second through the API client instead; while the
 * socket is open the job is still read every five seconds, so a lost event cannot leave the bar stuck.
 */
export function useJobProgress(jobId: string | undefined): JobProgress | undefined {
  const [state, setState] = useState<JobProgress>();

  useEffect(() => {
    if (!jobId) return;
    setState({ status: 'queued', progress: 0, via: 'connecting' });
    let finished = false;
    let polling = false;
    // Events and reads may cross on the way: a running job's bar only moves forward.
    let highest = 0;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let checkTimer: ReturnType<typeof setInterval> | undefined;
    const controller = new AbortController();

    const apply = (next: Omit<JobProgress, 'via'>, via: JobProgress['via']) => {
      if (finished) return;
      finished = next.status === 'succeeded' || next.status === 'failed';
      highest = Math.max(highest, next.progress);
      setState({ ...next, progress: next.status === 'running' ? highest : next.progress, via });
      if (finished) stop();
    };
    const read = async (via: JobProgress['via']) => {
      const job = await api.get<Job>(`/v1/jobs/${encodeURIComponent(jobId)}`, { signal: controller.signal });
      apply(fromJob(job), via);
    };
    const poll = () => {
      if (finished) return;
      read('polling').then(
        () => {
          pollTimer = setTimeout(poll, POLL_MS);
        },
        () => {
          // A failed read is retried on the next tick; the job itself has not failed.
          if (!controller.signal.aborted) pollTimer = setTimeout(poll, POLL_MS);
        },
      );
    };

    const socket = openEventStream();
    const fallBack = () => {
      clearInterval(checkTimer);
      if (finished || controller.signal.aborted || polling) return;
      polling = true;
      setState((current) => current && { ...current, via: 'polling' });
      poll();
    };
    if (!socket) fallBack();
    else {
      socket.onopen = () => {
        setState((current) => current && { ...current, via: 'live' });
        read('live').catch(fallBack);
        // A slow check beside the stream, in case an event is lost between the worker and this socket.
        checkTimer = setInterval(() => read('live').catch(() => undefined), CHECK_MS);
      };
      socket.onmessage = (message) => {
        const event = parseEvent(message.data);
        if (event?.data.jobId !== jobId) return;
        if (event.type === 'job.progress') apply({ status: 'running', progress: event.data.progress ?? 0 }, 'live');
        if (event.type === 'job.finished') {
          apply({ status: 'succeeded', progress: 100, ...count(event.data.scenesProcessed) }, 'live');
        }
        if (event.type === 'job.failed') apply({ status: 'failed', progress: 0, error: event.data.error ?? '' }, 'live');
      };
      socket.onclose = fallBack;
    }

    function stop() {
      clearTimeout(pollTimer);
      clearInterval(checkTimer);
      if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
    }
    return () => {
      finished = true;
      controller.abort();
      stop();
    };
  }, [jobId]);

  return state;
}

function openEventStream(): WebSocket | undefined {
  const token = getAccessToken();
  if (!token) return undefined;
  const url = new URL('/v1/ws?types=job.', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  try {
    return new WebSocket(url, ['kheti.v1', `bearer.${token}`]);
  } catch {
    return undefined;
  }
}

function parseEvent(text: unknown): JobEvent | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const event = JSON.parse(text) as JobEvent;
    return typeof event.type === 'string' && typeof event.data === 'object' && event.data !== null ? event : undefined;
  } catch {
    return undefined;
  }
}

function fromJob(job: Job): Omit<JobProgress, 'via'> {
  return {
    status: job.status,
    progress: job.progress,
    ...(job.error !== undefined ? { error: job.error } : {}),
    ...count(job.result?.scenesProcessed),
  };
}

const count = (scenesProcessed: number | undefined) => (scenesProcessed === undefined ? {} : { scenesProcessed });
