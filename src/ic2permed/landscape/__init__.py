"""Landscape: EU, Chinese and international PM policies, laws, programmes, standards and initiatives."""
