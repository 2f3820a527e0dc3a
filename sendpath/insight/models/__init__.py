from .groups import *  # noqa: F403
