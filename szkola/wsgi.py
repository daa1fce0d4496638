"""WSGI entry point: pages in production are served by gunicorn from here."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "szkola.settings.production")

application = get_wsgi_application()
