"""Timed interviews: interviewer accounts, invites, the candidate's round, the review."""
