"""`make bench`: a synthetic archive, gunicorn in production mode, and wrk (see __main__.py)."""
