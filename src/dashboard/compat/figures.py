"""Plotly and Streamlit: a finished figure kept and sent as its JSON text (see
:mod:`dashboard.compat`)."""

from __future__ import annotations

import functools
import json
from typing import Any

import plotly.graph_objects as go

from dashboard.compat.versions import check_versions

# --- Plotly: a finished figure kept as the JSON Streamlit sends -----------------------------

class FrozenFigure(go.Figure):
    """A finished figure, shared between reruns and sessions, that is never changed.

    It keeps only its JSON text (what Streamlit sends to the browser) and its text
    alternative. Streamlit would otherwise turn a figure into a dict and then into JSON on
    every run (a deep copy plus encoding, about 40 ms for the timeline), and a cached
    figure kept as plotly objects and a dict held 0.5 MB (timeline) to 1.7 MB (talks vs
    troops) of small Python objects, which under load pin Python's memory arenas; as text
    it is 60 to 220 kB in one block. :func:`send_frozen_figures_as_text` lets Streamlit
    send the text as it is; :meth:`to_dict` gives anyone else a fresh dict (so nothing
    can change the shared figure through it). The usual ways of changing a figure raise:
    change :func:`thaw`'s copy instead.
    """

    _json: str
    _alt: str
    _size: dict

    def __init__(self, text: str, alt: str, size: dict | None = None) -> None:
        # deliberately not go.Figure's __init__: none of its objects are kept
        self._json, self._alt, self._size = text, alt, size or {}

    def to_dict(self) -> dict:
        return json.loads(self._json)

    def to_plotly_json(self) -> dict:
        return self.to_dict()

    def __repr__(self) -> str:
        return f"FrozenFigure({len(self._json)} characters of JSON)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FrozenFigure) and other._json == self._json

    __hash__ = None  # type: ignore[assignment]

    def _refuse(self, *args, **kwargs):
        raise TypeError("a frozen figure is shared; change a copy: compat.thaw(fig)")

    update = update_layout = update_traces = add_trace = add_traces = _refuse
    add_annotation = add_shape = plotly_relayout = plotly_restyle = plotly_update = _refuse

    @property
    def data(self):
        raise TypeError("a frozen figure keeps only its JSON: read compat.thaw(fig).data")

    @property
    def layout(self):
        raise TypeError("a frozen figure keeps only its JSON: read compat.thaw(fig).layout")

    @property
    def alt(self) -> str:
        """The figure's text alternative, computed when it was frozen."""
        return self._alt

    @property
    def json_text(self) -> str:
        """The figure as the JSON text Streamlit sends (trace uids left out)."""
        return self._json


def _frozen(spec: dict, alt: str) -> FrozenFigure:
    import plotly.io as pio

    send_frozen_figures_as_text()
    layout = spec.get("layout", {})
    size = {k: layout[k] for k in ("width", "height") if k in layout}
    # plotly's own encoder (a plain dict passes the wrapper): dates, arrays and NaN written
    # as Streamlit would write them
    return FrozenFigure(pio.to_json(spec, validate=False), alt, size)


def freeze(fig: go.Figure, alt: str) -> FrozenFigure:
    """``fig`` finished as a :class:`FrozenFigure` (``fig`` itself is left as it was)."""
    if isinstance(fig, FrozenFigure):
        return fig
    return _frozen(fig.to_dict(), alt)


def thaw(fig: go.Figure) -> go.Figure:
    """An editable copy of any figure, frozen or not."""
    return go.Figure(fig.to_dict())


def with_layout_items(fig: FrozenFigure, **items: list) -> FrozenFigure:
    """A frozen figure with ``items`` appended to its layout lists (shapes, annotations):
    made from its dict, nothing is rebuilt as plotly objects and ``fig`` is unchanged."""
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    for name, values in items.items():
        layout[name] = [*layout.get(name, ()), *values]
    return _frozen(spec, fig.alt)


class _Sent(dict):
    """What Streamlit gets for a frozen figure in place of its dict: only the layout's
    size (Streamlit reads it for ``width="content"``), and the JSON text to send."""

    def __init__(self, fig: FrozenFigure) -> None:
        super().__init__(layout=dict(fig._size))
        self.text = fig._json


@functools.cache
def send_frozen_figures_as_text() -> None:
    """Let ``st.plotly_chart`` send a frozen figure's JSON text as it is.

    Streamlit 1.67 calls ``plotly.tools.return_figure_from_figure_or_data`` (the figure's
    dict) and then ``plotly.io.to_json`` on that dict, each looked up when a chart is
    drawn. Both are wrapped: a frozen figure becomes a :class:`_Sent`, whose text is
    returned as its JSON; every other figure goes through plotly's own functions. Applied
    with the first frozen figure.
    """
    check_versions()
    import plotly.io
    import plotly.tools

    to_json = plotly.io.to_json
    from_figure = plotly.tools.return_figure_from_figure_or_data

    def figure_or_data(figure_or_data: Any, validate_figure: bool) -> Any:
        if isinstance(figure_or_data, FrozenFigure):
            return _Sent(figure_or_data)
        return from_figure(figure_or_data, validate_figure)

    def encode(fig: Any, *args: Any, **kwargs: Any) -> str:
        return fig.text if isinstance(fig, _Sent) else to_json(fig, *args, **kwargs)

    plotly.tools.return_figure_from_figure_or_data = figure_or_data
    plotly.io.to_json = encode
