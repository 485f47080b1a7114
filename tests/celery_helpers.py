"""A real Celery worker on Redis for integration tests."""

import os
import uuid
from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from portal.celery import app
from tests.conftest import service_required


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if url:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError:
            url = ""
    service_required("Redis", bool(url))
    return url


@contextmanager
def redis_worker():
    """Point the app at Redis on a private queue and run a worker thread on it."""
    url = redis_url()
    saved = {key: app.conf[key] for key in ("broker_url", "task_default_queue")}
    queue = f"test-{uuid.uuid4().hex}"
    app.conf.broker_url = url
    app.conf.broker_transport_options = {"visibility_timeout": 60}
    app.conf.task_default_queue = queue
    _forget_connections()
    # The worker thread opens its own database connection: close it after each
    # task, as a real worker does between tasks, so the test DB can be dropped.
    task_postrun.connect(_close_connection, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        task_postrun.disconnect(_close_connection)
        app.conf.update(saved)
        _forget_connections()


def _close_connection(**kwargs) -> None:
    from django.db import connections

    connections.close_all()


def _forget_connections() -> None:
    """Drop the broker pool and the cached routing (queues) built for the old config."""
    app._pool = None
    app.__dict__.pop("amqp", None)
