"""The distributed task engine (Procrastinate on PostgreSQL): API and worker processes apart.

docs/adr/0001-task-engine.md says why and what was checked. The submissions table stays the
truth; jobs carry submission ids.
"""
