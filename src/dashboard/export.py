"""Server-side export: charts to PNG/SVG at presentation size, and the briefing pack.

Rendering uses kaleido with the system Chromium (``BROWSER_PATH`` overrides). The
first export in a process starts a browser; it is then reused.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import compat
from dashboard.datasets import Datasets
from dashboard.people import People
from dashboard.text import fmt_date

WIDTH, HEIGHT, SCALE = 1920, 1080, 2


@dataclass(frozen=True)
class Size:
    """An export size: the layout in CSS pixels (PNG pixels are these × :data:`SCALE`)."""

    key: str
    label: str
    width: int
    height: int


#: The sizes every chart and the map export at: a 16:9 slide, a 4:3 slide, and an A4
#: landscape page (297 × 210 mm at about 150 px per inch, rounded to a multiple of
#: :data:`SLIDE_TYPE`). Text is laid out for these sizes: at least 16 px, titles 32 px.
SIZES = (Size("slide", "Slide 16:9", 1920, 1080), Size("slide-4x3", "Slide 4:3", 1440, 1080),
         Size("a4", "A4 landscape", 1752, 1239))
SIZE_BY_KEY = {size.key: size for size in SIZES}

#: Charts are laid out for the screen with text of at least :data:`MIN_FONT_PX` (titles
#: :data:`figures.TITLE_PX`). An export lays the chart out at its size divided by
#: ``SLIDE_TYPE`` and renders it ``SLIDE_TYPE`` times larger: everything (text, markers,
#: lines, margins, label offsets) grows alike, so labels placed without overlap stay so,
#: and the smallest text is 16 px at 1920×1080 (the title 32 px).
MIN_FONT_PX = 11
SLIDE_TYPE = 1.5  # 11 px → 16.5 px, 22 px → 33 px; every export size divides by it


def layout_size(size: Size) -> tuple[int, int]:
    """The width and height (CSS px) a chart is laid out at for ``size``."""
    return round(size.width / SLIDE_TYPE), round(size.height / SLIDE_TYPE)
_server_lock = threading.Lock()
_server_started = False


def _start_server() -> None:
    global _server_started
    with _server_lock:
        if not _server_started:
            import kaleido

            kaleido.start_sync_server(silence_warnings=True)
            _server_started = True


def chart_image(fig: go.Figure, fmt: str = "png", size: Size = SIZES[0]) -> bytes:
    """``fig`` as PNG (``size`` × :data:`SCALE` pixels) or SVG (``size`` in CSS px), laid out
    at :func:`layout_size` and enlarged :data:`SLIDE_TYPE` times."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported format {fmt!r}; use 'png' or 'svg'")
    _start_server()
    import kaleido

    width, height = layout_size(size)
    sized = compat.thaw(fig)
    sized.update_layout(width=width, height=height, autosize=False)
    # straight to kaleido's running server (plotly's to_image would also pass browser
    # options, which a running server ignores with a warning)
    scale = SCALE * SLIDE_TYPE if fmt == "png" else 1
    image = kaleido.calc_fig_sync(sized.to_dict(), opts={"format": fmt, "width": width,
                                                         "height": height, "scale": scale})
    data = image if isinstance(image, bytes) else str(image).encode("utf-8")
    return _svg_sized(data, size) if fmt == "svg" else data


def _svg_sized(svg: bytes, size: Size) -> bytes:
    """An SVG laid out smaller shown at ``size``: its root's width and height set, its
    drawing kept as the view box."""
    text = svg.decode("utf-8")
    head_end = text.index(">", text.index("<svg"))
    head = text[:head_end]
    width = re.search(r'\swidth="([\d.]+)"', head)
    height = re.search(r'\sheight="([\d.]+)"', head)
    if not (width and height):
        return svg
    if "viewBox" not in head:
        head += f' viewBox="0 0 {width.group(1)} {height.group(1)}"'
    head = head.replace(width.group(0), f' width="{size.width}"', 1)
    head = head.replace(height.group(0), f' height="{size.height}"', 1)
    return (head + text[head_end:]).encode("utf-8")


def citations(sources: pd.DataFrame, source_ids: set[str]) -> str:
    """Full citations (publisher, title, date, URL, kind) of ``source_ids``, as Markdown."""
    cited = sources[sources["source_id"].isin(source_ids)].sort_values(["publisher", "published"])
    lines = [f"- {r.publisher}, “{r.title}”, {fmt_date(r.published, 'long')}. {r.url} ({r.kind}; "
             f"id {r.source_id})" for r in cited.itertuples(index=False)]
    return "\n".join(lines)


def briefing_pack(title: str, charts: dict[str, go.Figure], sources: pd.DataFrame,
                  source_ids: set[str], as_of: date | None, link: str = "",
                  progress=None, images: dict[str, bytes] | None = None) -> bytes:
    """A zip: one PNG per chart (the 16:9 slide size), ``images`` (name → PNG bytes already
    drawn, such as the map) first, and SOURCES.md with every citation.

    ``progress(done, total)`` is called after each chart, for a progress bar.
    """
    buffer = io.BytesIO()
    images = images or {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        for i, (name, png) in enumerate(images.items(), start=1):
            pack.writestr(f"{i:02d}-{name}.png", png)
        for i, (name, fig) in enumerate(charts.items(), start=len(images) + 1):
            pack.writestr(f"{i:02d}-{name}.png", chart_image(fig, "png"))
            if progress:
                progress(i - len(images), len(charts))
        when = f"Data as of {fmt_date(as_of, 'long')}." if as_of else ""
        header = (f"# {title}\n\nUS–Russia Dialogue Dashboard. {when}\n"
                  + (f"View: {link}\n" if link else "")
                  + f"\nPictures: {', '.join([*images, *charts])}\n\n"
                  f"## Sources of the records shown ({len(source_ids)})\n\n")
        pack.writestr("SOURCES.md", header + citations(sources, source_ids) + "\n")
    return buffer.getvalue()


def default_charts(datasets: Datasets) -> dict[str, go.Figure]:
    """Every chart the app exports, as its view first shows it (default filters): for
    export checks and the export benchmark."""
    from dashboard import (
        estimates,
        filters,
        overview,
        positions,
        provenance,
        records,
        story,
        talks_vs_troops,
        timeline,
    )

    recs = records.all_records(datasets)
    events = recs[recs["kind"].isin(timeline.TIMELINE_KINDS)]
    steps = story.steps(datasets.frames["story"])
    vocab = filters.vocabulary(events, story_steps=len(steps))
    state = filters.defaults(vocab)
    origin_of = dict(zip(datasets.sources["source_id"], datasets.sources["origin"],
                         strict=True))
    names = People(datasets.frames["people"]).name_of_every_spelling()

    def source(rows) -> str:
        return provenance.source_line(rows, origin_of)

    as_of = vocab.bounds[1]
    lo, hi = pd.Timestamp(state.start), pd.Timestamp(state.end)
    ests, meets = datasets.troop_estimates, datasets.meetings
    tracker = positions.tracker(datasets.demands, datasets.responses)
    answers = datasets.responses[datasets.responses["responder"].isin(("US", "NATO"))]
    _, lanes = timeline.lanes_view(
        recs, state, bounds=vocab.bounds,
        source=source(filters.apply(events, state)["source_ids"]))
    talks, _ = talks_vs_troops.troops_view(
        ests, meets, state, bounds=vocab.bounds, as_of=as_of,
        key_meetings=story.key_meetings(steps), names=names,
        source=source([*ests[ests["date"].between(lo, hi)]["source_ids"],
                       *meets[meets["date"].between(lo, hi)]["source_ids"]]))
    charts = {
        "records-per-month": overview.activity_figure(recs, source(recs["source_ids"])),
        "timeline": lanes,
        "talks-vs-troops": talks,
        "troop-estimates": estimates.estimates_figure(ests, source=source(ests["source_ids"]),
                                                      data_as_of=as_of, names=names),
        "answers-by-stance": positions.stance_figure(
            positions.stance_counts(tracker), as_of=as_of,
            source=source([*tracker["sources"], *answers["source_ids"]])),
    }
    return {name: fig for name, fig in charts.items() if fig is not None}
