"""Offline analytics for the assessment team; never deployed, never imported by functions/ or sitegen."""
