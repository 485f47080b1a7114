"""gunicorn's settings for the portal, read by gunicorn from the repository's root.

gunicorn loads ``./gunicorn.conf.py`` by default, so every command here that
serves the portal from the repository — the production recipe in the README,
``make cluster``, ``make loadtest``, ``make fuzz-api`` — gets them; options on
the command line (workers, bind, timeout) still win.
"""

# The sync worker, answering in French a request gunicorn refuses before Django
# sees it: a too-long address (414), too-large headers (431).
worker_class = "portal.core.gunicorn_worker.FrenchErrorsSyncWorker"
