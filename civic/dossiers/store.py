"""The dossier repository: drafts, idempotent submission, lookup and officer status changes.

Each public method is one database transaction. Submission is idempotent by the draft's
idempotency key: a second confirmation, a retry after a timeout or a retry after a crash either
finds the dossier stored the first time or stores it now, never twice. Concurrent submissions of
the same key are settled by the key's unique constraint (the loser retries and finds the winner's
row); status changes lock the row, so two officers cannot both move it from the same status.

Only receipt codes, procedure codes, statuses and counts are logged, never dossier data, notes or
actors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from civic.dossiers.engine import make_engine
from civic.dossiers.models import DossierRow, StatusChangeRow
from civic.dossiers.receipt_codes import new_receipt_code, normalize_receipt_code
from civic.dossiers.records import DossierRecord, JsonValue, StatusChange, Submission
from civic.dossiers.resume_codes import is_valid_resume_code, new_resume_code
from civic.dossiers.status import Channel, DossierStatus, check_transition

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # conflicts on a fresh random code, or a concurrent submission of the same draft
DRAFT_RESUME_MAX_AGE = timedelta(days=30)
CITIZEN = "citizen"
_T = TypeVar("_T")


class DossierError(Exception):
    """Base of the store's own errors; messages carry no personal data."""


class DossierNotFound(DossierError, LookupError):
    pass


class DossierStateError(DossierError):
    """The dossier exists but cannot take this step (e.g. saving a draft that was submitted)."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back without a zone; they were written in UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _record(row: DossierRow) -> DossierRecord:
    return DossierRecord(
        id=row.id,
        receipt_code=row.receipt_code,
        procedure_code=row.procedure_code,
        status=row.status,
        channel=row.channel,
        consent_given_at=_utc(row.consent_given_at),
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
        submitted_at=_utc(row.submitted_at) if row.submitted_at is not None else None,
        data=dict(row.data),
        resume_code=row.resume_code,
        idempotency_key=row.idempotency_key,
    )


def _change(row: StatusChangeRow) -> StatusChange:
    return StatusChange(
        from_status=row.from_status, to_status=row.to_status, at=_utc(row.at), actor=row.actor, note=row.note
    )


def _history_row(
    dossier: DossierRow, to_status: DossierStatus, actor: str, at: datetime, note: str | None = None
) -> StatusChangeRow:
    return StatusChangeRow(
        dossier_id=dossier.id, from_status=dossier.status, to_status=to_status, actor=actor, at=at, note=note
    )


class DossierStore:
    """Dossiers in any SQLAlchemy database (the schema must be at head: see ``upgrade_to_head``)."""

    def __init__(self, url: str, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = make_engine(url)
        self._sessions = sessionmaker(self._engine, future=True, expire_on_commit=False)
        self._clock = clock

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def _retrying(self, attempt: Callable[[], _T]) -> _T:
        """Run a transaction again after a unique-constraint conflict (a code collision or a race)."""
        for _ in range(MAX_ATTEMPTS - 1):
            try:
                return attempt()
            except IntegrityError:
                log.debug("dossier write conflicted, retrying")
        return attempt()

    @staticmethod
    def _by_key(session: Session, idempotency_key: str, *, lock: bool = False) -> DossierRow | None:
        query = select(DossierRow).where(DossierRow.idempotency_key == idempotency_key)
        if lock:
            query = query.with_for_update()
        row: DossierRow | None = session.execute(query).scalar_one_or_none()
        return row

    # --- drafts --------------------------------------------------------------------------------------

    def create_draft(
        self,
        idempotency_key: str,
        *,
        procedure_code: str,
        channel: Channel,
        consent_given_at: datetime,
        data: Mapping[str, JsonValue] | None = None,
    ) -> DossierRecord:
        """The draft for this key, created with a fresh resume code if it does not exist yet."""

        def attempt() -> DossierRecord:
            with self._transaction() as session:
                existing = self._by_key(session, idempotency_key)
                if existing is not None:
                    return _record(existing)
                now = self._clock()
                row = DossierRow(
                    procedure_code=procedure_code,
                    status=DossierStatus.DRAFT,
                    channel=channel,
                    consent_given_at=consent_given_at,
                    created_at=now,
                    updated_at=now,
                    data=dict(data or {}),
                    resume_code=new_resume_code(),
                    idempotency_key=idempotency_key,
                )
                session.add(row)
                session.flush()
                session.add(
                    StatusChangeRow(
                        dossier_id=row.id, from_status=None, to_status=row.status, actor=CITIZEN, at=now
                    )
                )
                record = _record(row)
            log.info("draft created: procedure=%s", procedure_code)
            return record

        return self._retrying(attempt)

    def save_draft(self, idempotency_key: str, data: Mapping[str, JsonValue]) -> DossierRecord:
        """Replace a draft's answers (the whole set, so saving twice is harmless)."""
        with self._transaction() as session:
            row = self._by_key(session, idempotency_key, lock=True)
            if row is None:
                raise DossierNotFound("no draft for this key")
            if row.status is not DossierStatus.DRAFT:
                raise DossierStateError(f"the dossier is {row.status.value}, not a draft")
            row.data = dict(data)
            row.updated_at = self._clock()
            record = _record(row)
        log.info("draft saved: procedure=%s fields=%d", record.procedure_code, len(record.data))
        return record

    def resume(self, resume_code: str, *, max_age: timedelta = DRAFT_RESUME_MAX_AGE) -> DossierRecord | None:
        """The draft saved under ``resume_code`` if it is still a draft and was touched within ``max_age``."""
        if not is_valid_resume_code(resume_code):
            return None
        with self._transaction() as session:
            row = session.execute(
                select(DossierRow).where(
                    DossierRow.resume_code == resume_code, DossierRow.status == DossierStatus.DRAFT
                )
            ).scalar_one_or_none()
            record = _record(row) if row is not None else None
        if record is None or self._clock() - record.updated_at > max_age:
            log.info("draft resume failed")
            return None
        log.info("draft resumed: procedure=%s", record.procedure_code)
        return record

    def discard_draft(self, idempotency_key: str) -> DossierRecord | None:
        """Cancel a draft ("làm lại từ đầu"); its resume code stops working. ``None`` if there was none."""
        with self._transaction() as session:
            row = self._by_key(session, idempotency_key, lock=True)
            if row is None:
                return None
            if row.status is not DossierStatus.DRAFT:
                raise DossierStateError(f"the dossier is {row.status.value}, not a draft")
            now = self._clock()
            session.add(_history_row(row, DossierStatus.CANCELLED, CITIZEN, now))
            row.status = DossierStatus.CANCELLED
            row.resume_code = None
            row.updated_at = now
            record = _record(row)
        log.info("draft discarded: procedure=%s", record.procedure_code)
        return record

    # --- submission ----------------------------------------------------------------------------------

    def submit(
        self,
        idempotency_key: str,
        *,
        procedure_code: str,
        channel: Channel,
        consent_given_at: datetime,
        data: Mapping[str, JsonValue],
    ) -> Submission:
        """Submit the draft with this key (creating it if it was never saved) and give it a receipt code.

        Idempotent: if the key was already submitted, the stored dossier is returned unchanged with
        ``duplicate=True``.
        """

        def attempt() -> Submission:
            with self._transaction() as session:
                row = self._by_key(session, idempotency_key, lock=True)
                if row is not None and row.status is not DossierStatus.DRAFT:
                    if row.receipt_code is None:
                        raise DossierStateError("this draft was discarded")
                    return Submission(_record(row), duplicate=True)
                if row is not None and row.procedure_code != procedure_code:
                    raise DossierStateError("the draft belongs to another procedure")
                now = self._clock()
                if row is None:
                    row = DossierRow(
                        procedure_code=procedure_code,
                        status=None,
                        channel=channel,
                        consent_given_at=consent_given_at,
                        created_at=now,
                        idempotency_key=idempotency_key,
                    )
                    session.add(row)
                row.data = dict(data)
                row.receipt_code = new_receipt_code()
                row.resume_code = None
                row.submitted_at = now
                row.updated_at = now
                from_status = row.status
                row.status = DossierStatus.SUBMITTED
                session.flush()
                session.add(
                    StatusChangeRow(
                        dossier_id=row.id,
                        from_status=from_status,
                        to_status=row.status,
                        actor=CITIZEN,
                        at=now,
                    )
                )
                return Submission(_record(row), duplicate=False)

        submission = self._retrying(attempt)
        record = submission.dossier
        if submission.duplicate:
            log.info(
                "submission repeated: receipt=%s procedure=%s", record.receipt_code, record.procedure_code
            )
        else:
            log.info(
                "dossier submitted: receipt=%s procedure=%s channel=%s",
                record.receipt_code,
                record.procedure_code,
                record.channel.value,
            )
        return submission

    # --- lookup --------------------------------------------------------------------------------------

    def get(self, receipt_code: str) -> DossierRecord | None:
        """The dossier with this receipt code (typed forms such as ``c2h9-n4s7`` accepted)."""
        code = normalize_receipt_code(receipt_code)
        if code is None:
            return None
        with self._transaction() as session:
            row = session.execute(
                select(DossierRow).where(DossierRow.receipt_code == code)
            ).scalar_one_or_none()
            return _record(row) if row is not None else None

    def get_by_key(self, idempotency_key: str) -> DossierRecord | None:
        with self._transaction() as session:
            row = self._by_key(session, idempotency_key)
            return _record(row) if row is not None else None

    def history(self, receipt_code: str) -> list[StatusChange]:
        """Status changes of a submitted dossier, oldest first (empty if there is no such dossier)."""
        code = normalize_receipt_code(receipt_code)
        if code is None:
            return []
        with self._transaction() as session:
            rows = session.execute(
                select(StatusChangeRow)
                .join(DossierRow, StatusChangeRow.dossier_id == DossierRow.id)
                .where(DossierRow.receipt_code == code)
                .order_by(StatusChangeRow.at, StatusChangeRow.id)
            ).scalars()
            return [_change(row) for row in rows]

    @staticmethod
    def _filtered(
        query: Any,
        status: DossierStatus | None,
        procedure_code: str | None,
        channel: Channel | None,
        include_drafts: bool,
    ) -> Any:
        if status is not None:
            query = query.where(DossierRow.status == status)
        elif not include_drafts:
            query = query.where(DossierRow.receipt_code.is_not(None))
        if procedure_code is not None:
            query = query.where(DossierRow.procedure_code == procedure_code)
        if channel is not None:
            query = query.where(DossierRow.channel == channel)
        return query

    def list_dossiers(
        self,
        *,
        status: DossierStatus | None = None,
        procedure_code: str | None = None,
        channel: Channel | None = None,
        include_drafts: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[DossierRecord]:
        """Dossiers, newest first; drafts (and discarded drafts) only when asked for."""
        query = self._filtered(select(DossierRow), status, procedure_code, channel, include_drafts)
        query = query.order_by(DossierRow.created_at.desc(), DossierRow.id.desc()).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._transaction() as session:
            return [_record(row) for row in session.execute(query).scalars()]

    def count_dossiers(
        self,
        *,
        status: DossierStatus | None = None,
        procedure_code: str | None = None,
        channel: Channel | None = None,
        include_drafts: bool = False,
    ) -> int:
        query = self._filtered(
            select(func.count(DossierRow.id)), status, procedure_code, channel, include_drafts
        )
        with self._transaction() as session:
            return int(session.execute(query).scalar_one())

    # --- the office's side ---------------------------------------------------------------------------

    def update_status(
        self, receipt_code: str, status: DossierStatus, *, actor: str, note: str | None = None
    ) -> DossierRecord:
        """Move a submitted dossier to ``status`` if the procedure allows it, recording who and why.

        Raises ``DossierNotFound`` or ``TransitionError``.
        """
        code = normalize_receipt_code(receipt_code)
        if code is None:
            raise DossierNotFound("no dossier with this receipt code")
        with self._transaction() as session:
            row = session.execute(
                select(DossierRow).where(DossierRow.receipt_code == code).with_for_update()
            ).scalar_one_or_none()
            if row is None:
                raise DossierNotFound("no dossier with this receipt code")
            check_transition(row.status, status)
            now = self._clock()
            previous = row.status
            session.add(_history_row(row, status, actor, now, note))
            row.status = status
            row.updated_at = now
            record = _record(row)
        log.info("status changed: receipt=%s %s -> %s", code, previous.value, status.value)
        return record


__all__ = [
    "DRAFT_RESUME_MAX_AGE",
    "DossierError",
    "DossierNotFound",
    "DossierStateError",
    "DossierStore",
    "utc_now",
]
