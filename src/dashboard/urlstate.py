"""View state in the URL: each view declares its parameters once, here it is read and
written, and every internal link is built.

A view's :class:`Spec` lists its :class:`Param`s (URL name, type, default, allowed
values, clamp). :func:`parse` turns a query into a dict of typed values plus a notice
for everything it could not use; it never raises. :func:`unparse` turns values back
into the query (only what differs from the defaults). :func:`href` builds a link to a
view with its parameters, relative to the app's base path, so links keep working when
the app is served under a prefix (``server.baseUrlPath``).

Allowed values and bounds that come from the data are passed to :func:`parse` as
``domains``: a param names its domain, the caller supplies it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

#: one separator for every list in a link
LIST_SEPARATOR = ","
MAX_TEXT = 200
MAX_ITEMS = 50
#: parameters every view accepts (presentation mode), never reported as unknown
APP_PARAMS = ("present",)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")

Domains = Mapping[str, Any]


@dataclass(frozen=True)
class Param:
    """One URL parameter of a view.

    kind: ``date``, ``int``, ``choice`` (one of ``choices``), ``list`` (several of
    ``choices``), ``text``, ``id`` (a record id in ``choices``) or ``flag`` (1 or absent).
    ``choices`` is a tuple, or the name of a domain given to :func:`parse`. ``bounds``
    names a (low, high) domain that dates and numbers are clamped into (with a notice).
    ``default`` is a value or a function of the domains.
    """

    name: str
    kind: str
    label: str
    attr: str = ""
    choices: tuple | str | None = None
    bounds: str | None = None
    default: Any = None

    @property
    def field(self) -> str:
        return self.attr or self.name

    def default_value(self, domains: Domains) -> Any:
        value = self.default(domains) if callable(self.default) else self.default
        if self.kind == "list" and value is None:
            return ()
        if self.kind == "text" and value is None:
            return ""
        if self.kind == "flag" and value is None:
            return False
        return value

    def allowed(self, domains: Domains) -> Any:
        return domains.get(self.choices, ()) if isinstance(self.choices, str) else (
            self.choices or ())


@dataclass(frozen=True)
class Spec:
    """The parameters of one view, in the order they appear in its links."""

    view: str
    params: tuple[Param, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    def defaults(self, domains: Domains) -> dict[str, Any]:
        return {p.field: p.default_value(domains) for p in self.params}


# --- the one parser of each type -------------------------------------------------------

def parse_date(raw: str) -> date | None:
    """A YYYY-MM-DD date, or None."""
    if not _ISO_DATE.match(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def split(raw: str) -> list[str]:
    """The items of a list parameter (at most :data:`MAX_ITEMS`)."""
    return [item.strip() for item in raw.split(LIST_SEPARATOR) if item.strip()][:MAX_ITEMS]


def clamp(value: Any, bounds: tuple[Any, Any] | None) -> Any:
    """``value`` kept inside ``bounds`` (low, high); unchanged without bounds."""
    if bounds is None or value is None:
        return value
    return min(max(value, bounds[0]), bounds[1])


def _first(value: str | Sequence[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value[0] if value else ""


def _shown(raw: str, limit: int = 40) -> str:
    return repr(raw[:limit])


def _parse_ordered(param: Param, raw: str, domains: Domains, notices: list[str]) -> Any:
    """A date or a whole number: read, checked against the choices, clamped to bounds."""
    default = param.default_value(domains)
    value: Any = parse_date(raw) if param.kind == "date" else (
        int(raw) if raw.isdigit() and len(raw) < 10 else None)
    if value is None and param.kind == "date":
        notices.append(f"Could not read {param.label} {_shown(raw)} in the link; use "
                       "YYYY-MM-DD.")
        return default
    allowed = param.allowed(domains)
    if value is None or (allowed and value not in allowed):
        notices.append(f"The {param.label} {_shown(raw, 20)} in the link does not exist.")
        return default
    bounds = domains.get(param.bounds) if param.bounds else None
    kept = clamp(value, bounds)
    if bounds is not None and kept != value:
        notices.append(f"{param.label.capitalize()} {raw} in the link is outside the data "
                       f"({bounds[0]} to {bounds[1]}); showing {kept}.")
    return kept


def _parse_list(param: Param, raw: str, domains: Domains, notices: list[str]) -> Any:
    allowed = param.allowed(domains)
    items = split(raw)
    unknown = [i for i in items if i not in allowed]
    if unknown:
        notices.append(f"Ignored unknown {param.label} in the link: "
                       + ", ".join(_shown(u) for u in unknown[:3]) + ".")
    return tuple(dict.fromkeys(i for i in items if i in allowed))


def _parse_text(param: Param, raw: str, domains: Domains, notices: list[str]) -> Any:
    text = raw.strip()
    if len(text) > MAX_TEXT:
        notices.append(f"The {param.label} in the link was cut to {MAX_TEXT} characters.")
    return text[:MAX_TEXT]


def _parse_flag(param: Param, raw: str, domains: Domains, notices: list[str]) -> Any:
    return raw == "1"


def _parse_choice(param: Param, raw: str, domains: Domains, notices: list[str]) -> Any:
    """One of the choices (``choice``), or a record id among them (``id``)."""
    valid = _ID.match(raw) is not None if param.kind == "id" else True
    if valid and raw in param.allowed(domains):
        return raw
    if param.kind == "id":
        notices.append(f"The {param.label} {_shown(raw)} in the link was not found.")
    else:
        notices.append(f"Unknown {param.label} {_shown(raw)} in the link; showing the default.")
    return param.default_value(domains)


_PARSERS = {"date": _parse_ordered, "int": _parse_ordered, "list": _parse_list,
            "text": _parse_text, "flag": _parse_flag, "choice": _parse_choice,
            "id": _parse_choice}


def parse(spec: Spec, query: Mapping[str, str | Sequence[str]], domains: Domains
          ) -> tuple[dict[str, Any], list[str]]:
    """Typed values for every param of ``spec`` from ``query``, and notices; never raises."""
    notices: list[str] = []
    unknown = sorted(k for k in query if k not in spec.names() and k not in APP_PARAMS)
    if unknown:
        notices.append("Ignored unknown link parameters: "
                       + ", ".join(_shown(k, 30) for k in unknown[:5]) + ".")
    values = spec.defaults(domains)
    for param in spec.params:
        raw = _first(query.get(param.name)).strip()
        if raw:
            values[param.field] = _PARSERS[param.kind](param, raw, domains, notices)
    return values, notices


def _text(param: Param, value: Any) -> str:
    if param.kind == "date":
        return value.isoformat()
    if param.kind == "list":
        return LIST_SEPARATOR.join(value)
    if param.kind == "flag":
        return "1" if value else ""
    return str(value)


def unparse(spec: Spec, values: Mapping[str, Any], domains: Domains) -> dict[str, str]:
    """The query for ``values``: every param whose value differs from its default."""
    out: dict[str, str] = {}
    for param in spec.params:
        value = values.get(param.field, param.default_value(domains))
        if value is None or value == param.default_value(domains):
            continue
        text = _text(param, value)
        if text:
            out[param.name] = text
    return out


# --- links --------------------------------------------------------------------------------

def href(view: str, params: Mapping[str, str] | None = None, base: str | None = None) -> str:
    """The link to ``view`` (its url path; "" for the default page) with ``params``.

    ``base`` is the app's address up to its base path (no trailing slash), for absolute
    links. Without it the link is relative (``timeline?record=…``): every page sits one
    level below the app's base path, so it resolves there whatever that path is.
    """
    if base is None:
        path = view or "./"
    else:
        path = f"{base}/{view}" if view else f"{base}/"
    query = urlencode({k: v for k, v in (params or {}).items() if v != ""})
    return f"{path}?{query}" if query else path


def base_url(page_url: str, base_path: str) -> str:
    """The app's base address from the address of any of its pages.

    ``page_url`` is what the browser shows (scheme, host, path); ``base_path`` is the
    server's ``baseUrlPath`` option ('' when the app is served at the root).
    """
    match = re.match(r"^(https?://[^/?#]+)", page_url or "")
    origin = match.group(1) if match else ""
    prefix = base_path.strip("/")
    return f"{origin}/{prefix}" if prefix else origin

