"""pydeck: no notebook probing, compact JSON, large layers written once (see
:mod:`dashboard.compat`)."""

from __future__ import annotations

import functools
import json
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pydeck as pdk

from dashboard.compat.versions import UnverifiedVersion

# --- pydeck: no notebook probing -----------------------------------------------------------

def skip_pydeck_notebook_probe() -> None:
    """pydeck looks for its Jupyter widget five times per ``Deck`` (a failed import each,
    about 8 ms per map); this app never runs in a notebook. Applied with the first map
    (:func:`compact_deck`)."""
    import pydeck.bindings.deck as deck_module

    if not callable(getattr(deck_module, "has_jupyter_extra", None)):
        raise UnverifiedVersion("pydeck.bindings.deck.has_jupyter_extra is gone: re-check "
                                "skip_pydeck_notebook_probe")
    deck_module.has_jupyter_extra = lambda: False


# --- pydeck: compact JSON, large layers written once -------------------------------------

_BORDERS_SLOT = "__borders_geojson__"
#: the placeholder a layer uses as its data to receive a deck's ready-made GeoJSON
BORDERS_SLOT = _BORDERS_SLOT
# each deck's borders JSON, kept off the deck: pydeck writes every attribute of a deck
_DECK_BORDERS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


@functools.cache
def _compact_deck_class() -> type[pdk.Deck]:
    """The deck class, made when the first map is drawn: pydeck (and jinja2 with it) is
    imported then, not by every page that imports this module (about 0.1 s of a fresh
    server's first page)."""
    import pydeck as pdk
    from pydeck.bindings.json_tools import default_serialize

    skip_pydeck_notebook_probe()

    class CompactDeck(pdk.Deck):
        """A Deck whose JSON has no indentation: pydeck indents by two spaces, which more
        than quadruples the map's payload (1.3 MB against 0.3 MB for the same borders and
        sites).

        A layer whose ``data`` is :data:`BORDERS_SLOT` gets the deck's borders JSON written
        in as it is, so the 250 KB of borders are not serialised again on every rerun.
        """

        def to_json(self) -> str:
            text = json.dumps(self, sort_keys=True, default=default_serialize,
                              separators=(",", ":"))
            return text.replace(json.dumps(_BORDERS_SLOT), _DECK_BORDERS.get(self, "null"), 1)

    return CompactDeck


def compact_deck(borders_json: str, **deck_args) -> pdk.Deck:
    """A deck with compact JSON whose borders layer (data :data:`BORDERS_SLOT`) draws
    ``borders_json``."""
    deck = _compact_deck_class()(**deck_args)
    _DECK_BORDERS[deck] = borders_json
    return deck
