from .sen2 import *  # noqa: F403
