"""Independent verifier of Atazan election records.

It re-implements docs/ballot-crypto.md from the text, with rbcl's libsodium
and the standard library only, and never imports atazan_ballot: a bug in the
ballot core should not be mirrored by the tool that checks it.
"""

from atazan_verify.verify import (
    Failure,
    VerificationReport,
    check_tracking_code,
    verify_record,
)

__all__ = ["Failure", "VerificationReport", "check_tracking_code", "verify_record"]
