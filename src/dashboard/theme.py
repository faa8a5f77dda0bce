"""One palette for the sides, safe for colour-blind readers and greyscale print.

Colours follow the Okabe–Ito set (designed to stay distinct under the common
colour-vision deficiencies), with the US blue darkened and the Ukraine amber
lightened so that the four main sides sit at clearly different grey levels
(luminance about 0.10, 0.22, 0.41 and 0.51). Each side also has a marker symbol and a dash
style, so colour is never the only carrier of meaning, and the sides that
most often share a chart (US, Russia, NATO, Ukraine) differ clearly in
lightness, so they stay apart in greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SideStyle:
    colour: str
    symbol: str  # plotly marker symbol
    dash: str  # plotly line dash
    label: str


SIDE_STYLES: dict[str, SideStyle] = {
    "US": SideStyle("#005A9C", "circle", "solid", "United States"),
    "Russia": SideStyle("#D55E00", "square", "dash", "Russia"),
    "NATO": SideStyle("#56B4E9", "diamond", "dot", "NATO"),
    "Ukraine": SideStyle("#F0B400", "triangle-up", "dashdot", "Ukraine"),
    "EU": SideStyle("#009E73", "star", "longdash", "European Union"),
    "Belarus": SideStyle("#CC79A7", "x", "longdashdot", "Belarus"),
    "OSCE": SideStyle("#000000", "pentagon", "solid", "OSCE"),
    "other": SideStyle("#999999", "cross", "dot", "Other"),
}

#: Meetings belong to both sides: one dark colour, and a shape per format.
MEETING_COLOUR = "#3D4752"
MEETING_SYMBOLS = {
    "summit": "star",
    "in_person": "circle",
    "multilateral": "hexagon",
    "working_group": "circle-open",
    "video_call": "square",
    "phone_call": "triangle-up",
}
MEETING_FORMAT_LABELS = {
    "summit": "Summit",
    "in_person": "Talks in person",
    "multilateral": "Multilateral meeting",
    "working_group": "Working group",
    "video_call": "Video call",
    "phone_call": "Phone call",
}

INK = "#1B1F24"
MUTED = "#5B6672"
GRID = "#E3E7EC"
BACKGROUND = "#FFFFFF"
FONT_FAMILY = "Source Sans Pro, Helvetica Neue, Arial, sans-serif"


def side_colour(side: str) -> str:
    """Colour of ``side``; unknown sides get the 'other' grey."""
    return SIDE_STYLES.get(side, SIDE_STYLES["other"]).colour


def side_symbol(side: str) -> str:
    return SIDE_STYLES.get(side, SIDE_STYLES["other"]).symbol


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB`` (0 black .. 1 white)."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str = BACKGROUND) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 .. 21)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


#: WCAG 2.2 AA minimum contrast for text of normal size.
TEXT_CONTRAST = 4.5


def text_colour(colour: str, background: str = BACKGROUND) -> str:
    """``colour`` darkened just enough to be read as text on ``background`` (contrast at
    least :data:`TEXT_CONTRAST`), keeping its hue: the side colours as words."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    factor = 1.0
    out = colour.upper()
    while contrast_ratio(out, background) < TEXT_CONTRAST and factor > 0:
        factor -= 0.02
        out = "#{:02X}{:02X}{:02X}".format(*(round(c * factor) for c in (r, g, b)))
    return out


def side_text_colour(side: str) -> str:
    """Colour of ``side`` for text (labels, legends written in the side's colour)."""
    return text_colour(side_colour(side))


def text_on(fill: str) -> str:
    """Ink or white, whichever reads better on ``fill`` (labels inside bars)."""
    return INK if contrast_ratio(INK, fill) >= contrast_ratio("#FFFFFF", fill) else "#FFFFFF"
