"""Scout: an open-source creator matching and search engine."""

import logging

__version__ = "0.1.0"
logging.getLogger("scout").addHandler(logging.NullHandler())
