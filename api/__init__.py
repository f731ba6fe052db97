"""The HTTP service: a thin FastAPI layer over graders/, a persistent queue, a worker pool."""
