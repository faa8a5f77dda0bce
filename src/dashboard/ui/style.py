"""The few style rules the theme in ``.streamlit/config.toml`` cannot express.

* Every page: captions in the muted grey of the charts (5.9:1 on white) and quotes rather than
  faded (Streamlit draws them at 60 % opacity: 4.4:1, and 3.3:1 for their links); the
  date fields' year, month and day parts are at least 24 × 24 px, the
  smallest target WCAG 2.2 (2.5.8) allows.
* Presentation mode: no sidebar, no Streamlit chrome, larger type, so that a screenshot
  is a clean slide.
"""

from __future__ import annotations

import streamlit as st

BASE_CSS = """
  [data-testid="stCaptionContainer"] { opacity: 1; color: #5B6672; }
  [data-testid="stMarkdownContainer"] blockquote,
  [data-testid="stMarkdownContainer"] blockquote p { opacity: 1; color: #4A535D; }
  [data-testid="stDateInputField"] [role="spinbutton"],
  .react-aria-DateField [role="spinbutton"] {
    display: inline-block; min-width: 24px; min-height: 24px; line-height: 24px;
    padding: 0 2px; text-align: center;
  }
"""

PRESENTATION_CSS = """
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stExpandSidebarButton"], .modebar-container { display: none !important; }
  html { font-size: 20px; }
  [data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
"""


def apply(presenting: bool) -> None:
    """Add the style rules of this run to the page."""
    st.html(f"<style>{BASE_CSS}{PRESENTATION_CSS if presenting else ''}</style>")
