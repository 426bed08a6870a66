"""The ``atazan`` command: Django's management commands without manage.py paths.

Messages follow the operator's language: a global ``--lang kk|ru|en`` given
before the command (``atazan --lang ru proposals import ...``), else the
locale of the environment (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``,
as POSIX orders them: ``ru_RU.UTF-8`` means Russian), else English. A
command's own ``--lang`` after its name (``constitution compare --lang en``)
is that command's option and is left alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

#: The languages the catalogs cover; anything else falls back to English.
LANGUAGES = ("kk", "ru", "en")
FALLBACK = "en"


def _language_of_locale(value: str) -> str | None:
    """``ru_RU.UTF-8`` -> ``ru``; ``C``, ``POSIX`` and unknown languages -> None."""
    code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def command_language(args: Sequence[str], environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """The language for messages and the arguments without a leading global ``--lang``.

    An unknown ``--lang`` value falls back to English, as an unknown locale does.
    """
    rest = list(args)
    if rest[:1] == ["--lang"] and len(rest) >= 2:
        wanted, rest = rest[1], rest[2:]
        return _language_of_locale(wanted) or FALLBACK, rest
    if rest[:1] and rest[0].startswith("--lang="):
        wanted, rest = rest[0].split("=", 1)[1], rest[1:]
        return _language_of_locale(wanted) or FALLBACK, rest
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            # The first variable that is set decides, as in every POSIX program.
            return _language_of_locale(value) or FALLBACK, rest
    return FALLBACK, rest


def _apply_settings_options(args: Sequence[str]) -> None:
    """``--settings`` and ``--pythonpath`` act before Django is set up, as with manage.py."""
    for position, arg in enumerate(args):
        name, _sep, value = arg.partition("=")
        if name not in ("--settings", "--pythonpath"):
            continue
        if not _sep:
            value = args[position + 1] if position + 1 < len(args) else ""
        if value and name == "--settings":
            os.environ["DJANGO_SETTINGS_MODULE"] = value
        elif value:
            sys.path.insert(0, value)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atazan.settings")
    import django
    from django.core.management import execute_from_command_line
    from django.utils import translation

    language, args = command_language(sys.argv[1:] if argv is None else argv, os.environ)
    _apply_settings_options(args)
    django.setup()
    # Messages of the command and of every refusal it prints follow the operator's
    # language, not the site's default (Kazakh).
    translation.activate(language)
    if args[:1] == ["runserver"]:
        # A server never starts with demo settings while DEBUG is off.
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
