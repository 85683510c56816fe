"""The one result type every dossier-field validator returns.

The voice dialogue asks one question per turn; after each answer it needs to know: accept (and what to
read back), reject (and what to say so the citizen can answer again), or ask a follow-up (several
candidates, or a spelling to confirm). Validators never raise on bad input, so a strange answer can
never crash a conversation.

Personal data: ``value``, ``display``, ``message`` and ``choices`` can hold the citizen's own data, so
they are left out of ``repr`` — a result that ends up in a log line shows only ``ok``, the error code
and warning codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ValidationResult(Generic[T]):
    ok: bool
    value: T | None = field(default=None, repr=False)
    display: str = field(default="", repr=False)  # speakable normalised value, for reading back
    error: str | None = None  # stable code ("cccd_wrong_length"); None when ok
    message: str = field(default="", repr=False)  # Vietnamese, short, speakable; says what is expected
    warnings: tuple[str, ...] = ()  # codes for accepted values that deserve a confirmation
    choices: tuple[str, ...] = field(default=(), repr=False)  # speakable options when the answer is ambiguous

    @classmethod
    def accept(
        cls, value: T, display: str, message: str = "", warnings: tuple[str, ...] = ()
    ) -> ValidationResult[T]:
        return cls(ok=True, value=value, display=display, message=message, warnings=warnings)

    @classmethod
    def reject(cls, error: str, message: str, choices: tuple[str, ...] = ()) -> ValidationResult[T]:
        return cls(ok=False, error=error, message=message, choices=choices)

    @property
    def needs_confirmation(self) -> bool:
        """Accepted, but the dialogue should read it back and ask before using it."""
        return self.ok and bool(self.warnings)
