"""Bookkeeping of ``tadmor batch`` runs: what a run was asked to do and which documents failed.

The evidence itself (blobs, reports, claims, ledger) is written in bulk by
``batch_repo.write_chunk``, which builds its rows and ledger entries with the single-process
path's own record builders (a test proves the two stores equal); these tables only let a
killed run be resumed and its failures be listed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tadmor.store.models import Base


class BatchRun(Base):
    """One batch run, keyed by a hash of its inputs, options and pipeline version, so running
    the same command again finds (and resumes) the same run."""

    __tablename__ = "batch_runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pipeline_version: Mapped[str] = mapped_column(String(40))
    inputs: Mapped[list[Any]]
    status: Mapped[str] = mapped_column(String(20))  # running | done
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    reports_added: Mapped[int] = mapped_column(Integer, default=0)
    reports_present: Mapped[int] = mapped_column(Integer, default=0)
    claims: Mapped[int] = mapped_column(Integer, default=0)


class BatchFailure(Base):
    """A document a batch could not read or extract; the batch went on without it."""

    __tablename__ = "batch_failures"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500), primary_key=True)  # input as given
    locator: Mapped[str] = mapped_column(String(200), primary_key=True)  # "" for the input
    stage: Mapped[str] = mapped_column(String(20))  # read | extract
    report_id: Mapped[str | None] = mapped_column(String(24), nullable=True)
    error: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
