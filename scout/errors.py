"""One error hierarchy for the whole engine.

Every failure a user can cause or meet is a :class:`ScoutError` child. The API
maps each to an HTTP status (see ``search_api.errors``); the CLI prints the
message and exits non-zero. ``field`` names the offending input field in dotted
form (``audience.age``, ``followers.min``) so a form can show it next to the
input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class ScoutError(Exception):
    """Root of every error Scout raises on purpose."""

    code: str = "scout_error"
    status: int = 500

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidInput(ScoutError):
    """Malformed request or parameters (HTTP 400)."""

    code = "invalid_input"
    status = 400


class InvalidBrief(ScoutError):
    """A brief that parses but breaks a rule (HTTP 422)."""

    code = "invalid_brief"
    status = 422


class InvalidQuery(ScoutError):
    """A search query or filter that breaks a rule (HTTP 422)."""

    code = "invalid_query"
    status = 422


class InvalidRecord(ScoutError):
    """A creator/content record that fails validation, with where it came from."""

    code = "invalid_record"
    status = 422

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        source: str | None = None,
        line: int | None = None,
    ) -> None:
        where = ""
        if source is not None:
            where = f"{source}:{line}: " if line is not None else f"{source}: "
        super().__init__(f"{where}{message}", field=field)
        self.source = source
        self.line = line
        self.reason = message


class NotFound(ScoutError):
    """An unknown creator id or resource (HTTP 404)."""

    code = "not_found"
    status = 404


class Unauthorized(ScoutError):
    """No API key, or one Scout does not know or that was revoked (HTTP 401)."""

    code = "unauthorized"
    status = 401


class Forbidden(ScoutError):
    """A valid key whose scope or tenant does not allow the request (HTTP 403)."""

    code = "forbidden"
    status = 403


class Conflict(ScoutError):
    """The request clashes with existing state, e.g. a duplicate name (HTTP 409)."""

    code = "conflict"
    status = 409


class LimitExceeded(ScoutError):
    """A per-tenant quota (shortlists, items, exclusions) is full (HTTP 422)."""

    code = "limit_exceeded"
    status = 422


class PayloadTooLarge(ScoutError):
    """A request body over the configured size limit (HTTP 413)."""

    code = "payload_too_large"
    status = 413


class RateLimited(ScoutError):
    """A key that spent its request budget (HTTP 429, retry after ``retry_after`` s)."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ConfigError(ScoutError):
    """Configuration that cannot work (bad path, unknown backend)."""

    code = "config_error"
    status = 500


class BackendUnavailable(ScoutError):
    """A store or server Scout needs is unreachable (HTTP 503, retry later)."""

    code = "backend_unavailable"
    status = 503

    def __init__(self, message: str, *, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class FailedWrite(NamedTuple):
    """One document a search cluster finally refused."""

    target: str  # the alias (or rebuild index) written to
    id: str
    op: str
    status: int
    reason: str


class WriteFailed(ScoutError):
    """Some documents of a bulk write were refused by OpenSearch; all are listed (HTTP 502).

    The write is not all-or-nothing (OpenSearch has no transactions): the documents not
    listed were written. Writes are idempotent, so re-running the same write repairs it.
    """

    code = "write_failed"
    status = 502

    def __init__(self, failures: Sequence[FailedWrite], total: int) -> None:
        shown = "; ".join(f"{f.target}/{f.id} ({f.op}, {f.status}: {f.reason})"
                          for f in failures[:10])
        more = f"; and {len(failures) - 10} more" if len(failures) > 10 else ""
        super().__init__(f"{len(failures)} of {total} OpenSearch writes failed: {shown}{more}")
        self.failures = list(failures)


class OpenSearchError(ScoutError):
    """OpenSearch refused a request Scout made (a bug or an incompatible cluster)."""

    code = "opensearch_error"
    status = 500


class MissingDependency(ScoutError):
    """An optional dependency is not installed; the message says how to get it."""

    code = "missing_dependency"
    status = 500

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"{package} is required for this feature: pip install 'scout-engine[{extra}]'"
        )
