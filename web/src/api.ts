// Typed client for the katagrad HTTP API: katas and submissions (docs/service.md), and the
// interviews (docs/interviews.md): interviewer sign-in and interviews, the candidate's invite.
// The client token and the interviewer's session travel as HttpOnly cookies the server sets on
// /api, so every call here is same-origin fetch; interviewer writes add the X-CSRF-Token header.

import type { components } from "./api-types";

export interface KataSummary {
  id: string;
  title: string;
  difficulty: "easy" | "medium" | "hard" | string;
  topics: string[];
  framework: string;
  /** code: write the solution; tests: write tests that kill the kata's mutants */
  format?: "code" | "tests";
  /** Only an interviewer's round offers it (never in the public catalogue). */
  interview_only?: boolean;
}

export interface CheckInfo { name: string; description: string; points: number }

export interface Limits {
  cpu_s: number; wall_s: number; memory_mb: number; processes: number;
  open_files: number; file_mb: number; scratch_mb: number; output_kb: number;
}

/** A read-only file a kata ships beside the solution (a paper's model.py). */
export interface ContextFile { name: string; text: string }

export interface KataDetail extends KataSummary {
  statement: string;
  stub: string;
  checks: CheckInfo[];
  limits: Limits;
  // The kata variant this statement and stub are for (kata.toml [variants]); null: none.
  variant?: { name: string; title: string } | null;
  parts: number; // 2 or more: follow-up parts (GET .../parts)
  context?: ContextFile[];
}

// The report's types come from the OpenAPI document: `.venv/bin/python -m scripts.api_types`
// regenerates api-types.ts, and a test fails when it is stale.
type Schemas = components["schemas"];
export type CheckStatus = Schemas["Status"];
export type CheckReport = Schemas["CheckResultOut"];
export type Report = Schemas["ReportOut"];
export type ScratchResult = Schemas["ScratchOut"];
export type PartInfo = Schemas["PartOut"];
export type PartDetail = Schemas["PartDetail"];

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

let csrf = ""; // the signed-in interviewer's CSRF token, from /api/auth/login or /me

async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const res = await fetch(path, { method, headers, credentials: "same-origin",
                                  body: init.body === undefined ? undefined : JSON.stringify(init.body) });
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
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

export const api = {
  katas: () => request<KataSummary[]>("/api/katas"),
  // Without `variant`: the one practice gives this client (its submissions are graded against it).
  kata: (id: string, variant?: string | null) =>
    request<KataDetail>(`/api/katas/${encodeURIComponent(id)}${variant ? `?variant=${encodeURIComponent(variant)}` : ""}`),
  submit: (kata_id: string, code: string, mode: Mode, part = 1) =>
    request<{ id: string; status: "queued" }>("/api/submissions", { method: "POST", body: { kata_id, code, mode, part } }),
  parts: (id: string) => request<PartInfo[]>(`/api/katas/${encodeURIComponent(id)}/parts`),
  part: (id: string, n: number) => request<PartDetail>(`/api/katas/${encodeURIComponent(id)}/parts/${n}`),
  submissions: (kata_id?: string, limit = 100) => {
    const q = new URLSearchParams({ limit: String(limit) });
    if (kata_id) q.set("kata_id", kata_id);
    return request<{ items: SubmissionSummary[] }>(`/api/submissions?${q}`).then((r) => r.items);
  },
  submission: (id: string) => request<Submission>(`/api/submissions/${encodeURIComponent(id)}`),
  /** Run the file as a script (not graded, not an attempt). */
  scratch: (kata_id: string, code: string) =>
    request<ScratchResult>("/api/scratch", { method: "POST", body: { kata_id, code } }),
};

// Interviews ------------------------------------------------------------------------------

export type InterviewState = "not_started" | "in_progress" | "finished" | "expired" | "revoked";

export interface KataProgress { kata_id: string; title: string; runs: number; submissions: number; best_score: number | null }

export interface InterviewSummary {
  id: string; candidate_name: string; candidate_email: string; state: InterviewState;
  kata_ids: string[]; duration_s: number; extra_s: number; opens_at: string | null; closes_at: string | null;
  created_at: string; started_at: string | null; deadline: string | null; seconds_left: number | null;
  progress: KataProgress[];
  rubric: Dimension[];
  /** A browser holds the round (one browser per invite); the interviewer can release it. */
  held: boolean;
}

export interface PartReview {
  part: number; title: string; unlocked_by: "start" | "passed" | "interviewer" | null;
  unlocked_at_s: number | null; runs: number; submissions: number; best_score: number | null;
  final_score: number | null; first_full_pass_s: number | null;
}

export interface Verdict { name: string; status: string; points: number; max_points: number; visible: boolean; message: string }

export interface KataReview {
  kata_id: string; title: string; runs: number; submissions: number; best_score: number | null;
  final_score: number | null; first_full_pass_s: number | null; checks: Verdict[];
  checks_from: "run" | "submit" | null; explanation: string; snapshots: number;
  variant?: string; // the kata variant pinned for this candidate, in words ("": none)
  /** The candidate's scratch runs (timeline entries of kind "scratch"), oldest first. */
  scratch?: ScratchEntry[];
  parts?: PartReview[]; // every part, when the kata has follow-up parts
  timeline: Mark[]; signals: SignalMark[]; bugs: BugSpan[]; summary: string;
  first_run_s: number | null; pastes: number; pasted_chars: number; away: number; away_s: number;
}

/** One scratch run in a round's review: the code it ran and its capped output, no figures. */
export interface ScratchEntry {
  at_s: number | null; kind: "scratch"; status: ScratchResult["status"]; message: string;
  exit_code: number | null; wall_s: number; stdout: string; stderr: string; figures: number; code: string;
}

/** A Run or Submit on the review's timeline (seconds into the round). */
export interface Mark { at_s: number | null; mode: "run" | "submit"; score: number | null; failed: string | null }
/** A paste into the editor or a time away from the page. */
export interface SignalMark { at_s: number | null; kind: "paste" | "away"; chars: number; text: string; away_s: number }
/** A named bug the grader confirmed: first seen, and fixed (null: never). */
export interface BugSpan { bug: string; first_s: number | null; fixed_s: number | null }
/** What the candidate's page records and sends with its snapshots. */
export interface SignalIn { kind: "paste" | "away"; at: string; chars?: number; text?: string; away_s?: number }

/** One rubric criterion of a round, scored 1..scale. */
export interface Dimension { key: string; name: string; description: string; scale: number }
export interface RubricEntry { score: number | null; notes: string }

/** A saved round setup. */
export interface Template {
  id: string; name: string; kata_ids: string[]; duration_minutes: number; rubric: Dimension[]; created_at: string;
}

export interface InterviewDetail extends InterviewSummary {
  review: { katas: KataReview[]; rubric: Record<string, RubricEntry>; dimensions: Dimension[]; state: InterviewState };
}

export interface Snapshot { id: number; kata_id: string; at: string; source: "auto" | "run" | "submit" | "scratch"; code: string }

export interface CandidateView {
  state: InterviewState; candidate_name: string; duration_s: number; started_at: string | null;
  deadline: string | null; server_now: string; seconds_left: number | null; message: string | null;
  opens_at: string | null; ended_at: string | null; finished_early: boolean;
  katas: { id: string; title: string; explanation: string; code: string | null; variant?: string | null }[];
}

export const STATE_LABEL: Record<InterviewState, string> = {
  not_started: "Not started", in_progress: "In progress", finished: "Finished",
  expired: "Expired", revoked: "Revoked",
};

const iv = (id: string) => `/api/interviews/${encodeURIComponent(id)}`;
const inv = (token: string) => `/api/invite/${encodeURIComponent(token)}`;

export const interviewer = {
  async login(name: string, password: string): Promise<string> {
    const me = await request<{ name: string; csrf_token: string }>("/api/auth/login", { method: "POST", body: { name, password } });
    csrf = me.csrf_token;
    return me.name;
  },
  /** Who is signed in (null when nobody is); remembers the CSRF token for later writes. */
  async me(): Promise<string | null> {
    try {
      const me = await request<{ name: string; csrf_token: string }>("/api/auth/me");
      csrf = me.csrf_token;
      return me.name;
    } catch (e) {
      if ((e as ApiError).status === 403) return null;
      throw e;
    }
  },
  logout: () => request<void>("/api/auth/logout", { method: "POST" }),
  list: () => request<{ items: InterviewSummary[] }>("/api/interviews").then((r) => r.items),
  create: (body: { candidate_name: string; candidate_email: string; kata_ids: string[]; duration_minutes: number;
                   opens_at?: string; closes_at?: string; rubric?: Dimension[] }) =>
    request<InterviewSummary & { invite_url: string; token: string }>("/api/interviews", { method: "POST", body }),
  get: (id: string) => request<InterviewDetail>(iv(id)),
  snapshots: (id: string, kata: string) =>
    request<{ items: Snapshot[] }>(`${iv(id)}/snapshots?kata_id=${encodeURIComponent(kata)}`).then((r) => r.items),
  revoke: (id: string) => request<InterviewSummary>(`${iv(id)}/revoke`, { method: "POST" }),
  /** Free the round from the browser holding it; the candidate's next browser may open it. */
  release: (id: string) => request<InterviewSummary>(`${iv(id)}/release`, { method: "POST" }),
  /** Every kata a round may use, interview-only ones included. */
  katas: () => request<KataSummary[]>("/api/interviews/katas"),
  extend: (id: string, minutes: number) => request<InterviewSummary>(`${iv(id)}/extend`, { method: "POST", body: { minutes } }),
  rubric: (id: string, rubric: Record<string, RubricEntry>) => request<InterviewDetail>(`${iv(id)}/rubric`, { method: "PUT", body: rubric }),
  templates: () => request<{ items: Template[] }>("/api/templates").then((r) => r.items),
  saveTemplate: (body: { name: string; kata_ids: string[]; duration_minutes: number; rubric?: Dimension[] }) =>
    request<Template>("/api/templates", { method: "POST", body }),
  deleteTemplate: (id: string) => request<void>(`/api/templates/${encodeURIComponent(id)}`, { method: "DELETE" }),
  regenerate: (id: string) => request<{ invite_url: string; token: string }>(`${iv(id)}/invite`, { method: "POST" }),
  exportUrl: (id: string, format: "markdown" | "json" | "html") => `${iv(id)}/export?format=${format}`,
  unlockPart: (id: string, kata: string, part: number) =>
    request<PartInfo[]>(`${iv(id)}/katas/${encodeURIComponent(kata)}/parts/${part}/unlock`, { method: "POST" }),
};

export const candidate = {
  view: (token: string) => request<CandidateView>(inv(token)),
  start: (token: string) => request<CandidateView>(`${inv(token)}/start`, { method: "POST" }),
  finish: (token: string) => request<CandidateView>(`${inv(token)}/finish`, { method: "POST" }),
  submit: (token: string, kata_id: string, code: string, mode: Mode, part = 1) =>
    request<{ id: string; status: "queued" }>(`${inv(token)}/submissions`, { method: "POST", body: { kata_id, code, mode, part } }),
  parts: (token: string, kata_id: string) =>
    request<PartInfo[]>(`${inv(token)}/katas/${encodeURIComponent(kata_id)}/parts`),
  part: (token: string, kata_id: string, n: number) =>
    request<PartDetail>(`${inv(token)}/katas/${encodeURIComponent(kata_id)}/parts/${n}`),
  scratch: (token: string, kata_id: string, code: string) =>
    request<ScratchResult>(`${inv(token)}/scratch`, { method: "POST", body: { kata_id, code } }),
  snapshot: (token: string, kata_id: string, code: string, signals: SignalIn[] = []) =>
    request<{ saved: boolean; signals: number }>(`${inv(token)}/snapshots`, { method: "POST", body: { kata_id, code, signals, sent_at: new Date().toISOString() } }),
  kata: (token: string, id: string) => request<KataDetail>(`${inv(token)}/katas/${encodeURIComponent(id)}`),
  explain: (token: string, kata_id: string, text: string) =>
    request<void>(`${inv(token)}/explanations/${encodeURIComponent(kata_id)}`, { method: "PUT", body: { text } }),
  /** The round's state as it changes (extend, revoke, finish); the browser reconnects by itself. */
  events: (token: string, on: (view: CandidateView) => void): EventSource => {
    const source = new EventSource(`${inv(token)}/events`);
    source.addEventListener("view", (e) => on(JSON.parse((e as MessageEvent).data) as CandidateView));
    return source;
  },
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
  // Every check is judged after the one run, so their results come as one event.
  source.addEventListener("checks", (e) => (parse(e).checks as CheckReport[]).forEach((c) => on.check?.(c)));
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
