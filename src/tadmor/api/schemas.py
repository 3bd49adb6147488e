"""Request and response bodies (pydantic v2). They are the OpenAPI document's schemas, so a
client generated from ``/api/openapi.json`` gets exactly these shapes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

T = TypeVar("T")


def _utc(value: UtcDateTime) -> dt.datetime:
    """The store keeps naive UTC; the API says so (RFC 3339 needs the offset)."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


UtcDateTime = Annotated[dt.datetime, AfterValidator(_utc)]

RoleName = Literal["viewer", "analyst", "admin"]
GradeName = Literal["confirmed", "fair", "weak", "contested", "discounted"]
TargetKind = Literal["report", "original", "claim", "incident", "source"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(Model, Generic[T]):
    """One page of a list. ``next_offset`` is null on the last page (no total is computed: on
    a large store a count would cost more than the page)."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None


class Problem(Model):
    detail: str


class RestrictionInfo(Model):
    id: int
    field: str
    span: list[int] | None
    reason: str
    by: str
    at: str


class LoginIn(Model):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class Me(Model):
    username: str
    role: RoleName
    csrf_token: str | None = Field(
        description="Send it as X-CSRF-Token with every change made with the session cookie."
    )


class UserOut(Model):
    username: str
    role: RoleName
    disabled: bool
    created_at: UtcDateTime
    created_by: str


class UserIn(Model):
    username: str = Field(min_length=1, max_length=100)
    role: RoleName
    password: str = Field(min_length=10, max_length=1000)


class UserPatch(Model):
    role: RoleName | None = None
    password: str | None = Field(default=None, min_length=10, max_length=1000)
    disabled: bool | None = None


class TokenIn(Model):
    name: str = Field(min_length=1, max_length=100)


class TokenOut(Model):
    id: int
    user: str
    name: str
    prefix: str
    created_at: UtcDateTime
    revoked_at: UtcDateTime | None


class TokenCreated(TokenOut):
    token: str = Field(description="Shown once; only its hash is kept.")


class ReportSummary(Model):
    id: str
    title: str | None
    source: str | None
    published: UtcDateTime | None
    collected_at: UtcDateTime
    collector: str
    format: str
    language: str | None
    chars: int
    duplicate_of: str | None
    extracted: bool
    restrictions: list[RestrictionInfo]


class ClaimOut(Model):
    id: str
    report_id: str
    outlet: str | None
    event_type: str
    sub_event_type: str
    sub_event_name: str | None
    actor1: str | None
    actor2: str | None
    location: str | None
    geonameid: int | None
    admin1: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    event_date: str | None
    time_precision: int | None
    fatalities: int | None
    origin: str | None
    origin_kind: str | None
    certainty: str
    quote: bool
    negated: bool
    sentence: list[int]
    arguments: dict[str, Any]
    restrictions: list[RestrictionInfo]


class Mark(Model):
    """An extracted span of the text, for highlighting."""

    start: int
    end: int
    kind: str


class ReportDetail(ReportSummary):
    text: str | None
    author: str | None
    url: str | None
    site_name: str | None
    platform: str | None
    filename: str | None
    encoding: str | None
    original_sha256: str
    locator: str
    text_sha256: str
    duplicate_similarity: float | None
    marks: list[Mark]
    annotations: dict[str, Any]
    claims: list[ClaimOut]


class IncidentOut(Model):
    id: str
    title: str | None
    event_type: str
    sub_event_type: str
    event_date: dt.date | None
    time_precision: int | None
    place_name: str | None
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    injured: int | None
    grade: str
    grade_by: str
    credibility: int
    n_claims: int
    n_reports: int
    n_origins: int
    n_outlets: int
    n_contradictions: int
    updated_at: UtcDateTime
    restrictions: list[RestrictionInfo]


class HistoryOut(Model):
    at: UtcDateTime
    kind: str
    actor: str
    data: dict[str, Any]
    ledger_seq: int | None


class ReportExcerpt(Model):
    """A member report of an incident: its preserved text and the spans to highlight."""

    id: str
    title: str | None
    source: str | None
    published: UtcDateTime | None
    text: str | None
    marks: list[Mark]


class IncidentDetail(IncidentOut):
    date_low: dt.date | None
    date_high: dt.date | None
    data: dict[str, Any]
    claims: list[ClaimOut]
    reports: list[ReportExcerpt]
    history: list[HistoryOut]


class FeatureProps(Model):
    id: str
    title: str | None
    grade: str
    event_type: str
    event_date: dt.date | None
    fatalities: int | None
    n_claims: int


class PointGeometry(Model):
    type: Literal["Point"]
    coordinates: list[float]


class Feature(Model):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometry
    properties: FeatureProps


class FeatureCollection(Model):
    type: Literal["FeatureCollection"]
    features: list[Feature]
    truncated: bool


class Counts(Model):
    total: dict[str, int]
    grade: dict[str, int]
    event_type: dict[str, int]


class TimelineBin(Model):
    date: dt.date
    count: int


class RegradeIn(Model):
    grade: GradeName
    reason: str = Field(min_length=3, max_length=5000)


class ReasonIn(Model):
    reason: str = Field(min_length=3, max_length=5000)


class MergeIn(Model):
    incident_ids: list[str] = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=3, max_length=5000)


class SplitIn(Model):
    claim_ids: list[str] = Field(min_length=1, max_length=1000)
    reason: str = Field(min_length=3, max_length=5000)


class DecisionOut(Model):
    incidents: list[str]


class SourceOut(Model):
    name: str
    claims: int
    registered: bool
    reliability: str | None
    tags: list[Any]
    notes: str | None


class RestrictionIn(Model):
    kind: TargetKind
    target_id: str = Field(min_length=1, max_length=300)
    field: str = Field(default="", max_length=60)
    span_start: int | None = Field(default=None, ge=0)
    span_end: int | None = Field(default=None, ge=1)
    reason: str = Field(min_length=3, max_length=5000)


class RestrictionOut(Model):
    id: int
    kind: str
    target_id: str
    field: str
    span: list[int] | None
    reason: str
    by: str
    at: UtcDateTime


class DuplicateOut(Model):
    report: str
    duplicate_of: str
    similarity: float


class UploadOut(Model):
    name: str
    sha256: str | None
    added: list[str]
    already_present: int
    duplicates: list[DuplicateOut]
    error: str | None
    claims: int
    incidents: list[str]
    warnings: list[str]
    restricted: bool


class UiConfig(Model):
    tiles_url: str | None
    tiles_attribution: str
    max_upload_bytes: int
    grades: list[str]
    incidents_writable: bool
    version: str


class Health(Model):
    status: Literal["ok"]
