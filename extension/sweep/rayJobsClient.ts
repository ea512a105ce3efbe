/**
 * The few calls of Ray's Jobs REST API a sweep needs (the dashboard's /api/jobs/): submit,
 * status, logs, stop. Every failure says which call, on which address, and what came back.
 */

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
    const url = `${this.address}${route}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new Error(
        `Ray's Jobs API at ${this.address} did not answer ${method} ${route} (${cause}). Is the head running (ray start --head) and its dashboard on that address?`,
      );
    }
    const text = await response.text();
    if (!response.ok)
      throw new Error(`Ray's Jobs API answered ${method} ${route} with ${response.status}: ${text.slice(0, 500)}`);
    try {
      return (text === '' ? {} : JSON.parse(text)) as T;
    } catch {
      throw new Error(
        `Ray's Jobs API answered ${method} ${route} with something other than JSON: ${text.slice(0, 200)}`,
      );
    }
  }
}
