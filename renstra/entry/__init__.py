"""Entering quarterly realisations (indicators and budget) and verifying them."""
