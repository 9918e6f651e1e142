"""IC2PerMed: EU–China collaboration platform for Personalised Medicine."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ic2permed")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
