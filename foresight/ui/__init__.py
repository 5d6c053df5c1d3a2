"""The one Streamlit-aware corner of the domain package: cached loaders, state and shared widgets."""
