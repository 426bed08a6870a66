"""The ``atazan`` command: Django's management commands without manage.py paths."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atazan.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["runserver"]:
        # A server never starts with demo settings while DEBUG is off.
        import django

        django.setup()
        from atazan.core.checks import refuse_unsafe_start

        refuse_unsafe_start()
    try:
        execute_from_command_line(["atazan", *args])
    except Exception as exc:
        # A refusal (bad input, a missing permission) is a message, not a traceback.
        from atazan.core.errors import AtazanError

        if not isinstance(exc, AtazanError):
            raise
        where = f" ({exc.field})" if exc.field else ""
        sys.stderr.write(f"error [{exc.instance_code}]{where}: {exc.message}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
