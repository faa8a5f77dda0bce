"""Pieces every page shows: the problems banner, notices, charts with their exports, the
record panel, and the share-and-export tools."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import compat, figures, provenance
from dashboard.datasets import Datasets
from dashboard.text import fmt_date, md_escape, md_link
from dashboard.ui import data, state

#: Presentation mode: a chart is its 16:9 slide picture, as large as the screen allows below
#: the page's title (legend and source line in view), centred.
PRESENT_CSS = """
  [class*="st-key-picture-"] img { width: auto !important; max-width: 100%; display: block;
    max-height: calc(100vh - 9rem); aspect-ratio: 16 / 9; margin: 0 auto; }
  [class*="st-key-picture-"] [data-testid="stFullScreenFrame"] > div,
  [class*="st-key-picture-"] [data-testid="stImage"] { width: 100%; justify-content: center; }
  [class*="st-key-picture-"] [data-testid="stElementToolbar"] { display: none; }
"""


def _figure_key(fig: compat.FrozenFigure) -> str:
    return hashlib.blake2b(fig.json_text.encode(), digest_size=16).hexdigest()


@data.shared(max_entries=12, spinner="Drawing the picture…",
             hash_funcs={compat.FrozenFigure: _figure_key})
def slide_picture(fig: go.Figure) -> bytes:
    """``fig`` as its 16:9 slide export (PNG), drawn once per figure."""
    from dashboard import export

    return export.chart_image(fig, "png")


def page_start(title: str, caption: str) -> tuple[str, Datasets]:
    """A view's title and what it answers, then the data (with the banner naming any
    problem): returns the data's version and the data."""
    version = data.version()
    ds = data.datasets(version)
    st.title(title)
    if not state.presenting():  # what the page answers and how to use it: not on a slide
        st.caption(caption)
    problems_banner(ds)
    return version, ds


def problems_banner(ds: Datasets, limit: int = 12) -> None:
    """Name the broken files and their problems; the page goes on with what loaded."""
    if not ds.problems:
        return
    files = ", ".join(f"{name}.csv" for name in sorted(ds.broken))
    st.error(
        f"**Some data could not be loaded.** {len(ds.problems)} problem(s) in: {files}. "
        "These files are left out until fixed; views that do not need them work as usual. "
        "Run `python -m dashboard validate` for the full list.",
        icon=":material/error:",
    )
    lines = [str(p) for p in ds.problems[:limit]]
    if len(ds.problems) > limit:
        lines.append(f"… and {len(ds.problems) - limit} more")
    # st.code shows the problem text as text: values from a file are never rendered.
    st.code("\n".join(lines), language=None, wrap_lines=True)


def require(ds: Datasets, *names: str) -> bool:
    """Tell the reader when a view cannot run because a file it needs is broken."""
    missing = [n for n in names if n in ds.broken]
    if missing:
        st.warning("This view needs " + ", ".join(f"`{n}.csv`" for n in missing)
                   + ", which could not be loaded (see the problems above).",
                   icon=":material/warning:")
        return False
    return True


def show_notices(notices: list[str]) -> None:
    """URL parameters that could not be used: say so, once, without failing."""
    if notices:
        st.info("The link could not be followed in full. " + " ".join(
            md_escape(n) for n in notices), icon=":material/link_off:")


# --- charts -----------------------------------------------------------------------------------

def chart(fig: go.Figure, *, key: str, name: str,
          on_select: Callable[[], None] | None = None, selection_mode: str = "points") -> None:
    """A framed chart with its PNG/SVG export (rendered on the server when clicked).

    ``on_select`` is called (before the next run) when the reader picks points; it reads
    the selection from ``st.session_state[key]``.
    """
    from dashboard import export

    frozen = figures.freeze(fig)  # a cached chart is turned into a dict once, not every run
    if state.presenting():  # the slide itself: type sized for the screen, nothing to click
        st.html(f"<style>{PRESENT_CSS}</style>")
        with st.container(key=f"picture-{key}"):
            st.image(slide_picture(frozen), width="stretch", alt=frozen.alt)
        return
    selection: dict[str, Any] = ({"on_select": on_select, "selection_mode": selection_mode}
                                 if on_select is not None else {})
    shown, config = frozen, figures.plotly_config(name)
    if state.narrow():  # a phone: a copy laid out for it (the exports stay slide-sized)
        from dashboard.narrow import narrow

        shown, config = figures.freeze(narrow(frozen)), {**config, "displayModeBar": False}
    st.plotly_chart(shown, key=key, theme=None, config=config, alt=frozen.alt, **selection)
    picture_downloads("Chart as a picture", key, f"us-russia-dialogue-{name}",
                      lambda size, fmt: export.chart_image(frozen, fmt, size),
                      "title, subtitle, legend and sources drawn in")


def picture_downloads(label: str, key: str, stem: str,
                      draw: Callable[[Any, str], bytes], drawn_in: str) -> None:
    """A size (16:9 slide, 4:3 slide, A4 landscape), then PNG or SVG of it, drawn on the
    server when a button is clicked (the page's run draws nothing)."""
    from dashboard import export

    sizes = export.SIZE_BY_KEY
    pick, png, svg = st.columns([4, 1, 1], vertical_alignment="bottom")
    chosen = pick.segmented_control(label, list(sizes), format_func=lambda k: sizes[k].label,
                                    required=True, default=export.SIZES[0].key,
                                    key=f"{key}-size")
    size = sizes[chosen or export.SIZES[0].key]
    name = f"{stem}-{size.key}"
    png.download_button("PNG", lambda: draw(size, "png"), file_name=f"{name}.png",
                        mime="image/png", key=f"{key}-png", icon=":material/image:",
                        on_click="ignore", width="stretch",
                        help=f"{size.width * export.SCALE}×{size.height * export.SCALE} px; "
                        f"{drawn_in}")
    svg.download_button("SVG", lambda: draw(size, "svg"), file_name=f"{name}.svg",
                        mime="image/svg+xml", key=f"{key}-svg", icon=":material/draw:",
                        on_click="ignore", width="stretch",
                        help=f"Vector picture for print, {size.width}×{size.height}; "
                        f"{drawn_in}")


def picked_points(key: str) -> list[dict]:
    """The points picked in the chart ``key`` (inside its ``on_select`` callback)."""
    event = st.session_state.get(key)
    selection = getattr(event, "selection", None) or {}
    return list(selection.get("points", []))


def picked_rows(key: str) -> list[int]:
    """The rows picked in the table ``key`` (inside its ``on_select`` callback)."""
    event = st.session_state.get(key)
    selection = getattr(event, "selection", None) or {}
    return list(selection.get("rows", []))


# --- a record ---------------------------------------------------------------------------------

def source_list(sources: pd.DataFrame) -> None:
    """Every source, grouped by tier (official texts first), each as who wrote it, the page
    (a link) and where it was read when that is another site."""
    missing = sources[sources["url"].isna()]
    lines = []
    for tier, rows in provenance.by_tier(sources[sources["url"].notna()]):
        lines.append(f"*{md_escape(provenance.TIER_LABELS[tier])}*")
        for row in rows.itertuples(index=False):
            via = "" if row.publisher == row.origin else f", via {md_escape(row.publisher)}"
            lines.append(f"- {md_escape(row.origin)}: {md_link(row.title, row.url)}{via}, "
                         f"{fmt_date(row.published) or 'undated'}")
    lines += [f"- {md_escape(sid)} (source not loaded)" for sid in missing["source_id"]]
    st.markdown("\n".join(lines))


# --- share and export ---------------------------------------------------------------------------

def share_panel(key: str) -> Any:
    """The 'Share and export this view' expander. Its content is made only while it is
    open (opening it reruns the page): a closed one costs the page nothing, where the
    code block of its link alone was a quarter of a second of the browser's first page
    (docs/PERFORMANCE.md). Use ``with share_panel(key) as panel: if panel.open: ...``."""
    return st.expander("Share and export this view", icon=":material/ios_share:",
                       key=f"share-{key}", on_change="rerun")


def view_tools(title: str, url_path: str, charts: Mapping[str, Any], source_ids: set[str],
               params: Mapping[str, str] | None = None) -> None:
    """The view's share link and its briefing pack (hidden in presentation mode).

    ``params`` is the view's state as URL parameters (default: the URL's own).
    """
    if state.presenting():
        return
    url = (state.share_url(url_path, params) if params is not None
           else state.current_share_url(url_path))
    with share_panel(url_path) as panel:
        if panel.open:
            _link_and_pack(title, url_path, url, charts, source_ids)


def _link_and_pack(title: str, url_path: str, url: str, charts: Mapping[str, Any],
                   source_ids: set[str]) -> None:
    """The open share panel: the view's link and its briefing pack."""
    from dashboard import export

    st.markdown("**Link to this view** (filters, date and selected record included):")
    st.code(url, language=None, wrap_lines=True)
    st.markdown(f"**Briefing pack**: the {len(charts)} chart(s) of this view as PNG "
                f"(3840×2160) plus the full citations of the {len(source_ids)} sources "
                "behind the records shown, in one zip.")
    pack_key = f"pack-{url_path}"
    if st.button("Prepare the briefing pack", key=f"{pack_key}-make"):
        bar = st.progress(0.0, text="Rendering charts…")
        version = data.version()
        st.session_state[pack_key] = export.briefing_pack(
            title, dict(charts), data.datasets(version).sources, source_ids,
            data.data_as_of(version), url,
            progress=lambda done, total: bar.progress(done / total,
                                                      text=f"Rendered {done} of {total}"))
        bar.progress(1.0, text="Ready")
    if st.session_state.get(pack_key):
        st.download_button("Download the briefing pack (zip)", st.session_state[pack_key],
                           file_name=f"us-russia-dialogue-{url_path}-briefing.zip",
                           mime="application/zip", key=f"{pack_key}-dl")
