/**
 * The few calls of Ray's Jobs REST API a sweep needs (the dashboard's /api/jobs/): submit,
 * status, logs, stop. Every failure says which call, on which address, and what came back.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export type RayJobStatus = 'PENDING' | 'RUNNING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED';

export interface RayJobSubmission {
  entrypoint: string;
  submission_id: string;
  runtime_env?: { env_vars?: Record<string, string>; working_dir?: string };
  metadata?: Record<string, string>;
  entrypoint_num_cpus?: number;
}

export interface RayJobInfo {
  status: RayJobStatus;
  message: string | null;
}

const REQUEST_TIMEOUT_MS = 30_000;
export const TERMINAL_STATUSES: RayJobStatus[] = ['STOPPED', 'SUCCEEDED', 'FAILED'];

export class RayJobsClient {
  /** `address`: the dashboard's URL, e.g. http://127.0.0.1:8265. */
  constructor(private readonly address: string) {}

  async submit(job: RayJobSubmission): Promise<string> {
    const reply = await this.call<{ submission_id?: string; job_id?: string }>('POST', '/api/jobs/', job);
    return reply.submission_id ?? job.submission_id;
  }

  async status(id: string): Promise<RayJobInfo> {
    const reply = await this.call<{ status?: string; message?: string | null }>(
      'GET',
      `/api/jobs/${encodeURIComponent(id)}`,
    );
    return { status: (reply.status ?? 'PENDING') as RayJobStatus, message: reply.message ?? null };
  }

  async logs(id: string): Promise<string> {
    const reply = await this.call<{ logs?: string }>('GET', `/api/jobs/${encodeURIComponent(id)}/logs`);
    return reply.logs ?? '';
  }

  async stop(id: string): Promise<void> {
    await this.call('POST', `/api/jobs/${encodeURIComponent(id)}/stop`);
  }

  private async call<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    let reply: { status: number; text: string };
    try {
      reply = await request(
        new URL(route, this.address),
        method,
        body === undefined ? undefined : JSON.stringify(body),
      );
    } catch (error) {
      const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new Error(
        `Ray's Jobs API at ${this.address} did not answer ${method} ${route} (${cause}). Is the head running (ray start --head) and its dashboard on that address?`,
      );
    }
    if (reply.status < 200 || reply.status >= 300)
      throw new Error(`Ray's Jobs API answered ${method} ${route} with ${reply.status}: ${reply.text.slice(0, 500)}`);
    try {
      return (reply.text === '' ? {} : JSON.parse(reply.text)) as T;
    } catch {
      throw new Error(
        `Ray's Jobs API answered ${method} ${route} with something other than JSON: ${reply.text.slice(0, 200)}`,
      );
    }
  }
}

/**
 * One HTTP request with node:http, not fetch: Ray's dashboard refuses POSTs that look like a
 * browser's, and fetch always sends the browser's `Sec-Fetch-Mode` header.
 */
function request(url: URL, method: string, body: string | undefined): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method,
        timeout: REQUEST_TIMEOUT_MS,
        headers:
          body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
