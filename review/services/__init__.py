"""Writes of the review: the worker's recompute (`recompute`) and the clinician's flag workflow (`flags`)."""
