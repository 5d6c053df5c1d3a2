"""Kuntaluotain domain package: data, indicators, projections and scenarios (no streamlit here)."""
