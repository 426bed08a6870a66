"""``atazan-verify RECORD_DIR``: re-check an election record; exit 0 only if all is well."""

from __future__ import annotations

import argparse
import json
import sys

from atazan_verify.verify import verify_record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="atazan-verify",
        description="Independently re-check an Atazan election record (docs/ballot-crypto.md).",
    )
    parser.add_argument("record_dir", help="directory holding the record's JSON files")
    parser.add_argument(
        "--jobs", "-j", type=int, default=1, help="processes for ballot checks (default 1)"
    )
    parser.add_argument(
        "--tracking-code",
        action="append",
        default=[],
        metavar="CODE",
        help="also check that this tracking code is on the board (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = verify_record(args.record_dir, jobs=args.jobs, tracking_codes=args.tracking_code)
    if args.json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "failures": [vars(f) for f in report.failures],
                    "notices": [vars(n) for n in report.notices],
                    "stats": report.stats,
                    "results": report.results,
                    "tracking": report.tracking,
                    "seconds": round(report.seconds, 3),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for f in report.failures:
            print(f"FAIL {f}")
        print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
