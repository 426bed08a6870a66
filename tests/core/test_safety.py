"""Safe unless told otherwise: production settings, security headers and no inline script."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from atazan.core.checks import production_settings, refuse_unsafe_start

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = "insecure-development-key-set-ATAZAN_SECRET_KEY-in-production"


def _ids() -> set[str]:
    return {message.id or "" for message in production_settings()}


@override_settings(DEBUG=False, SECRET_KEY=SHIPPED, ATAZAN_HOSTS_CONFIGURED=True)
def test_with_debug_off_the_shipped_secret_key_stops_the_start() -> None:
    assert _ids() == {"atazan.E001"}
    with pytest.raises(ImproperlyConfigured, match="ATAZAN_SECRET_KEY"):
        refuse_unsafe_start()


@override_settings(DEBUG=False, SECRET_KEY="x" * 60, ATAZAN_HOSTS_CONFIGURED=False)
def test_with_debug_off_missing_allowed_hosts_stops_the_start() -> None:
    assert _ids() == {"atazan.E002"}
    with pytest.raises(ImproperlyConfigured, match="ATAZAN_ALLOWED_HOSTS"):
        refuse_unsafe_start()


@override_settings(DEBUG=True, SECRET_KEY=SHIPPED, ATAZAN_HOSTS_CONFIGURED=False)
def test_the_demo_with_debug_on_may_use_the_shipped_key() -> None:
    assert _ids() == set()
    refuse_unsafe_start()


def _atazan() -> str:
    found = shutil.which("atazan", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the atazan console script is not installed")
    return found


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATAZAN_")}
    env.pop("DATABASE_URL", None)
    # The browser tests allow async-unsafe ORM calls in this process; a server must not.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {**env, "ATAZAN_DATA_DIR": extra.pop("data_dir"), **extra}


def test_debug_is_off_unless_turned_on(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.DEBUG)"
    env = _env(data_dir=str(tmp_path), DJANGO_SETTINGS_MODULE="atazan.settings")
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == "False", run.stderr


def test_a_production_environment_passes_the_deploy_checks_without_warnings(tmp_path: Path) -> None:
    env = _env(
        data_dir=str(tmp_path),
        ATAZAN_SECRET_KEY=secrets.token_urlsafe(50),
        ATAZAN_ALLOWED_HOSTS="atazan.example.kz",
        ATAZAN_HTTPS="1",
        ATAZAN_HSTS_PRELOAD="1",
    )
    run = subprocess.run(
        [_atazan(), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_runserver_refuses_the_shipped_key_with_debug_off(tmp_path: Path) -> None:
    env = _env(data_dir=str(tmp_path), ATAZAN_ALLOWED_HOSTS="atazan.example.kz")
    run = subprocess.run(
        [_atazan(), "runserver", "127.0.0.1:0", "--noreload"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0 and "atazan.E001" in run.stdout + run.stderr
    checked = subprocess.run(
        [_atazan(), "check", "--deploy"], env=env, capture_output=True, text=True, timeout=120
    )
    assert checked.returncode != 0 and "atazan.E001" in checked.stdout + checked.stderr


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_code(client: Any) -> None:
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_has_inline_script_or_event_handlers() -> None:
    offenders = []
    for path in (ROOT / "src" / "atazan").rglob("*.html"):
        if path.name.endswith("_pdf.html"):
            continue  # rendered to PDF on the server, never served to a browser
        text = path.read_text(encoding="utf-8")
        # A JSON data block (type="application/json") is data the page's script reads; the
        # browser never runs it, so the policy needs no exception for it.
        code = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", text, flags=re.S)
        if re.search(r"<script(?![^>]*\bsrc=)", code) or re.search(r"\son[a-z]+=\"", code):
            offenders.append(str(path.relative_to(ROOT)))
        if re.search(r"<style|\sstyle=\"", text):
            offenders.append(f"{path.relative_to(ROOT)} (inline style)")
    assert not offenders, offenders
