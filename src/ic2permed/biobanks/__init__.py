"""Biobank directory: a MIABIS catalogue of EU and Chinese biobanks, collections and networks."""
