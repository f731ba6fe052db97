// Typed client for the interview API (docs/interviews.md): interviewer sign-in and
// interviews (cookie session + X-CSRF-Token on writes), and the candidate's invite API.

import { ApiError, type Mode } from "../api";

export type InterviewState = "not_started" | "in_progress" | "finished" | "expired" | "revoked";

export interface KataProgress { kata_id: string; title: string; runs: number; submissions: number; best_score: number | null }

export interface InterviewSummary {
  id: string; candidate_name: string; candidate_email: string; state: InterviewState;
  kata_ids: string[]; duration_s: number; extra_s: number; opens_at: string | null; closes_at: string | null;
  created_at: string; started_at: string | null; deadline: string | null; seconds_left: number | null;
  progress: KataProgress[];
}

export interface Verdict { name: string; status: string; points: number; max_points: number; visible: boolean; message: string }

export interface KataReview {
  kata_id: string; title: string; runs: number; submissions: number; best_score: number | null;
  final_score: number | null; first_full_pass_s: number | null; checks: Verdict[];
  checks_from: "run" | "submit" | null; explanation: string; snapshots: number;
}

export type Criterion = "correctness" | "code_quality" | "testing" | "communication";
export interface RubricEntry { score: number | null; notes: string }

export interface InterviewDetail extends InterviewSummary {
  review: { katas: KataReview[]; rubric: Record<Criterion, RubricEntry>; state: InterviewState };
}

export interface Snapshot { id: number; kata_id: string; at: string; source: "auto" | "run" | "submit"; code: string }

export interface CandidateView {
  state: InterviewState; candidate_name: string; duration_s: number; started_at: string | null;
  deadline: string | null; server_now: string; seconds_left: number | null; message: string | null;
  katas: { id: string; title: string; explanation: string; code: string | null }[];
}

let csrf = "";

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const res = await fetch(path, { method, headers, credentials: "same-origin",
                                  body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    let title = res.statusText, detail = "";
    try { const p = await res.json(); title = p.title ?? title; detail = p.detail ?? ""; } catch { /* not JSON */ }
    throw new ApiError(res.status, title, detail, res.headers.get("Retry-After"));
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

const iv = (id: string) => `/api/interviews/${encodeURIComponent(id)}`;
const inv = (token: string) => `/api/invite/${encodeURIComponent(token)}`;

export const interviewer = {
  async login(name: string, password: string): Promise<string> {
    const me = await call<{ name: string; csrf_token: string }>("POST", "/api/auth/login", { name, password });
    csrf = me.csrf_token;
    return me.name;
  },
  /** Who is signed in (null when nobody is); remembers the CSRF token for later writes. */
  async me(): Promise<string | null> {
    try {
      const me = await call<{ name: string; csrf_token: string }>("GET", "/api/auth/me");
      csrf = me.csrf_token;
      return me.name;
    } catch (e) {
      if ((e as ApiError).status === 403) return null;
      throw e;
    }
  },
  logout: () => call<void>("POST", "/api/auth/logout"),
  list: () => call<{ items: InterviewSummary[] }>("GET", "/api/interviews").then((r) => r.items),
  create: (body: { candidate_name: string; candidate_email: string; kata_ids: string[]; duration_minutes: number;
                   opens_at?: string; closes_at?: string }) =>
    call<InterviewSummary & { invite_url: string; token: string }>("POST", "/api/interviews", body),
  get: (id: string) => call<InterviewDetail>("GET", iv(id)),
  snapshots: (id: string, kata: string) =>
    call<{ items: Snapshot[] }>("GET", `${iv(id)}/snapshots?kata_id=${encodeURIComponent(kata)}`).then((r) => r.items),
  revoke: (id: string) => call<InterviewSummary>("POST", `${iv(id)}/revoke`),
  extend: (id: string, minutes: number) => call<InterviewSummary>("POST", `${iv(id)}/extend`, { minutes }),
  rubric: (id: string, rubric: Record<Criterion, RubricEntry>) => call<InterviewDetail>("PUT", `${iv(id)}/rubric`, rubric),
  exportUrl: (id: string, format: "markdown" | "json") => `${iv(id)}/export?format=${format}`,
};

export const candidate = {
  view: (token: string) => call<CandidateView>("GET", inv(token)),
  start: (token: string) => call<CandidateView>("POST", `${inv(token)}/start`),
  finish: (token: string) => call<CandidateView>("POST", `${inv(token)}/finish`),
  submit: (token: string, kata_id: string, code: string, mode: Mode) =>
    call<{ id: string; status: "queued" }>("POST", `${inv(token)}/submissions`, { kata_id, code, mode }),
  snapshot: (token: string, kata_id: string, code: string) =>
    call<{ saved: boolean }>("POST", `${inv(token)}/snapshots`, { kata_id, code }),
  explain: (token: string, kata_id: string, text: string) =>
    call<void>("PUT", `${inv(token)}/explanations/${encodeURIComponent(kata_id)}`, { text }),
};

export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return hh ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`;
}

export const STATE_LABEL: Record<InterviewState, string> = {
  not_started: "Not started", in_progress: "In progress", finished: "Finished",
  expired: "Expired", revoked: "Revoked",
};
