"""The library versions every workaround in :mod:`dashboard.compat` was verified against."""

from __future__ import annotations

from importlib.metadata import version

#: package -> the version prefix every workaround below was written and verified against
VERIFIED = {"streamlit": "1.67.", "plotly": "7.1.", "pydeck": "0.9.", "pandas": "3.1."}


class UnverifiedVersion(RuntimeError):
    """An installed library is not the version the workarounds were verified against."""


def check_versions() -> None:
    """Raise :class:`UnverifiedVersion` naming each library whose version is unverified."""
    wrong = {name: version(name) for name, prefix in VERIFIED.items()
             if not version(name).startswith(prefix)}
    if wrong:
        found = ", ".join(f"{n} {v} (verified: {VERIFIED[n]}x)" for n, v in wrong.items())
        raise UnverifiedVersion(
            f"dashboard.compat was verified against other versions: {found}. Re-check each "
            "workaround in src/dashboard/compat/, run tests/test_compat.py, then update "
            "VERIFIED.")
