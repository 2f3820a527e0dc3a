"""``python -m sendpath.timescales``: see :mod:`sendpath.timescales.cli`."""

import sys

from .cli import main

sys.exit(main())
