from .quality import *  # noqa: F403
