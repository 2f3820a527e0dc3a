from .groups import *  # noqa: F403
from .provision import *  # noqa: F403
from .quality import *  # noqa: F403
from .sen2 import *  # noqa: F403
from .snapshots import *  # noqa: F403
