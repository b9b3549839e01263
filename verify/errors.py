"""Errors a user can act on. Each message says what is wrong, where, and what to change."""

from __future__ import annotations


class DlverifyError(Exception):
    """Base class for errors that the command line turns into a message and exit status 2."""


class UsageError(DlverifyError):
    """Bad input on the command line or in an API call (an unknown id, a bad option)."""


class MalformedTheorem(DlverifyError):
    """A theorem declaration that cannot be checked: names the file, theorem and field."""

    def __init__(self, message: str, *, theorem: str | None = None, field: str | None = None,
                 file: str | None = None) -> None:
        where = ", ".join(
            part for part in (
                f"file {file}" if file else "",
                f"theorem {theorem}" if theorem else "",
                f"field '{field}'" if field else "",
            ) if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.theorem = theorem
        self.field = field
        self.file = file


class DeviceUnavailable(UsageError):
    """The requested torch device is not present on this machine."""


class InvalidFile(UsageError):
    """A file given to dlverify (a counterexample, a report) that is not what dlverify writes:
    truncated, not JSON, missing a field, or holding a value outside the safe forms."""
