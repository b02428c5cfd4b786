"""Retrieve: question → fused ranking → cited Hits with highlighted answer sentences."""
