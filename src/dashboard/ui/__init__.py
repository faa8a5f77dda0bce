"""The Streamlit layer: everything that calls ``st.*`` besides the pages.

- :mod:`dashboard.ui.data`: cached access to the data and to what the views build from it;
- :mod:`dashboard.ui.state`: view state in the session and the URL, links, presentation
  mode;
- :mod:`dashboard.ui.widgets`: pieces every page shows (problem banner, charts with their
  exports, record panel, share and export tools);
- :mod:`dashboard.ui.sidebar`: the timeline's filter sidebar;
- :mod:`dashboard.ui.positions`: pieces of the positions page.

The rest of the package is pure and is tested without a running app.
"""
