// Typed client for the katagrad HTTP API (docs/service.md). The client token travels as the
// HttpOnly cookie the server sets on /api, so every call here is same-origin fetch.

export interface KataSummary {
  id: string;
  title: string;
  difficulty: "easy" | "medium" | "hard" | string;
  topics: string[];
  framework: string;
}

export interface CheckInfo { name: string; description: string; points: number }

export interface Limits {
  cpu_s: number; wall_s: number; memory_mb: number; processes: number;
  open_files: number; file_mb: number; scratch_mb: number; output_kb: number;
}

export interface KataDetail extends KataSummary {
  statement: string;
  stub: string;
  checks: CheckInfo[];
  limits: Limits;
}

export type CheckStatus = "pass" | "fail" | "error" | "timeout";

export interface CheckReport {
  name: string;
  status: CheckStatus;
  message: string;
  points: number;
  max_points: number;
  diagnostics: Record<string, unknown>;
  visible: boolean;
  description: string;
}

export interface Report {
  version: number;
  kata: string;
  mode: "run" | "submit";
  status: "graded" | "rejected" | "error";
  passed: boolean;
  score: number;
  message: string;
  tests: CheckReport[];
  output: { stdout: string; stderr: string; truncated: boolean; limit_bytes: number };
  duration_s: number;
}

export type SubmissionStatus = "queued" | "running" | "done" | "error";
export type Mode = "run" | "submit";

export interface SubmissionSummary {
  id: string;
  kata_id: string;
  mode: Mode;
  status: SubmissionStatus;
  score: number | null;
  created_at: string;
  finished_at: string | null;
}

export interface Submission extends SubmissionSummary {
  code: string;
  started_at: string | null;
  report: Report | null;
  error: string | null;
}

/** An RFC 9457 problem document turned into an exception. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail: string,
              readonly retryAfter: string | null = null) {
    super(detail || title);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { credentials: "same-origin", ...init,
    headers: { Accept: "application/json", ...(init?.body ? { "Content-Type": "application/json" } : {}) } });
  if (!res.ok) {
    let title = res.statusText, detail = "";
    try {
      const p = await res.json();
      title = p.title ?? title;
      detail = p.detail ?? "";
      if (Array.isArray(p.errors)) detail += p.errors.map((e: { field: string; message: string }) => ` ${e.field}: ${e.message}`).join(";");
    } catch { /* not JSON */ }
    throw new ApiError(res.status, title, detail, res.headers.get("Retry-After"));
  }
  return (await res.json()) as T;
}

export const api = {
  katas: () => request<KataSummary[]>("/api/katas"),
  kata: (id: string) => request<KataDetail>(`/api/katas/${encodeURIComponent(id)}`),
  submit: (kata_id: string, code: string, mode: Mode) =>
    request<{ id: string; status: "queued" }>("/api/submissions", {
      method: "POST", body: JSON.stringify({ kata_id, code, mode }) }),
  submissions: (kata_id?: string, limit = 100) => {
    const q = new URLSearchParams({ limit: String(limit) });
    if (kata_id) q.set("kata_id", kata_id);
    return request<{ items: SubmissionSummary[] }>(`/api/submissions?${q}`).then((r) => r.items);
  },
  submission: (id: string) => request<Submission>(`/api/submissions/${encodeURIComponent(id)}`),
};

/** What the events stream of one submission says, in order (docs/service.md, Events). */
export interface GradingListener {
  status?(status: SubmissionStatus): void;
  planned?(checks: string[]): void;
  check?(check: CheckReport): void;
  done(final: { status: SubmissionStatus; report: Report | null; error: string | null }): void;
}

/** Follow a submission over Server-Sent Events, falling back to polling if the stream fails. */
export function follow(id: string, on: GradingListener): () => void {
  let finished = false;
  let timer: number | undefined;
  const source = new EventSource(`/api/submissions/${encodeURIComponent(id)}/events`);
  const finish = (final: { status: SubmissionStatus; report: Report | null; error: string | null }) => {
    if (finished) return;
    finished = true;
    source.close();
    window.clearTimeout(timer);
    on.done(final);
  };
  const parse = (e: Event) => JSON.parse((e as MessageEvent).data);
  source.addEventListener("status", (e) => on.status?.(parse(e).status));
  source.addEventListener("planned", (e) => on.planned?.(parse(e).checks));
  source.addEventListener("running", () => on.status?.("running"));
  source.addEventListener("check", (e) => on.check?.(parse(e)));
  source.addEventListener("report", (e) => finish(parse(e)));
  const poll = async () => {
    if (finished) return;
    try {
      const s = await api.submission(id);
      if (s.status === "done" || s.status === "error") return finish(s);
      on.status?.(s.status);
    } catch { /* try again */ }
    timer = window.setTimeout(poll, 1000);
  };
  source.onerror = () => {
    if (finished) return;
    source.close();
    poll();
  };
  return () => { finished = true; source.close(); window.clearTimeout(timer); };
}
