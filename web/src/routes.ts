// The one route table: practice (the catalogue, one kata), the interviewer's sign-in,
// dashboard and review, and the candidate's invite link. Only the catalogue loads with the
// app: every other page (the kata page brings CodeMirror, KaTeX and marked) is split out and
// loads on first visit.

import { cataloguePage } from "./pages/catalogue";
import type { Route } from "./router";

export const ROUTES: Route[] = [
  { name: "catalogue", pattern: /^\/?$/, load: () => cataloguePage() },
  { name: "kata", pattern: /^\/katas\/([a-z0-9][a-z0-9-]*)\/?$/, load: ([id]) => import("./pages/kata").then((p) => p.kataPage(id)) },
  { name: "login", pattern: /^\/interviewer\/login\/?$/,
    load: () => import("./pages/login").then((p) => p.loginPage()) },
  { name: "interviewer", pattern: /^\/interviewer\/?$/,
    load: () => import("./pages/interviewer").then((p) => p.interviewerPage()) },
  { name: "review", pattern: /^\/interviewer\/interviews\/([A-Za-z0-9_-]{1,64})\/?$/,
    load: ([id]) => import("./pages/interviewerReview").then((p) => p.reviewPage(id)) },
  { name: "interview", pattern: /^\/interview\/([A-Za-z0-9_-]{1,200})\/?$/,
    load: ([token]) => import("./pages/interview").then((p) => p.interviewPage(token)) },
];
