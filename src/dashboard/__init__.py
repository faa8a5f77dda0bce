"""US–Russia Dialogue Dashboard: sourced datasets and the builders behind the views."""
