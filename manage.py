#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # manage.py is a developer's tool: without DEBUG in the environment it runs in
    # development mode. Servers set DEBUG=0 (docker-compose's .env, the Dockerfile), and
    # gunicorn (portal/wsgi.py) and Celery default to production mode.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
