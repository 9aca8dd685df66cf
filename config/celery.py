import os

from celery import Celery
from celery.signals import beat_init, celeryd_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("imgpath")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


WORKER_BROKER_TIMEOUTS = {"socket_timeout": 10, "socket_connect_timeout": 5}


@celeryd_init.connect
def _worker_timeouts(conf=None, **kwargs) -> None:
    """The settings' short broker timeouts are for web requests; a worker waits longer."""
    conf.broker_connection_timeout = 4
    conf.broker_transport_options = {**conf.broker_transport_options, **WORKER_BROKER_TIMEOUTS}


@beat_init.connect
def _beat_timeouts(sender=None, **kwargs) -> None:
    _worker_timeouts(sender.app.conf)


@worker_init.connect
def _load_urls(**kwargs) -> None:
    """Load the URLconf once in the worker's main process, before it forks its pool: every
    email's links are reversed, and each child importing every view (the PDF library among
    them) on its first task cost seconds of CPU, once per child."""
    from django.apps import apps  # noqa: PLC0415
    from django.urls import get_resolver  # noqa: PLC0415

    if apps.ready:
        get_resolver().url_patterns  # noqa: B018 (loading it is the point)
