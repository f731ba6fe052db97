// Routes of the interview pages, kept out of the shared router: the interviewer's sign-in,
// dashboard and review, and the candidate's invite link.

import type { Page } from "../main";

export function interviewRoute(path: string): (() => Promise<Page>) | null {
  let m: RegExpExecArray | null;
  if (/^\/interviewer\/login\/?$/.test(path)) return () => import("./login").then((p) => p.loginPage());
  if (/^\/interviewer\/?$/.test(path)) return () => import("./interviewer").then((p) => p.interviewerPage());
  if ((m = /^\/interviewer\/interviews\/([A-Za-z0-9_-]{1,64})\/?$/.exec(path)))
    { const id = m[1]; return () => import("./interviewerReview").then((p) => p.reviewPage(id)); }
  if ((m = /^\/interview\/([A-Za-z0-9_-]{1,200})\/?$/.exec(path)))
    { const token = m[1]; return () => import("./interview").then((p) => p.interviewPage(token)); }
  return null;
}
