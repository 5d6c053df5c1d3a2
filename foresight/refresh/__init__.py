"""Refresh the snapshot from the live statistics APIs (Statistics Finland PxWeb, THL Sotkanet)."""
