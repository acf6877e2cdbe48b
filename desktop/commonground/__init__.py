"""Common Ground: joint police and mental health working, offline."""

__version__ = "0.1.0"
