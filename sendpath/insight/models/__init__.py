from .provision import *  # noqa: F403
