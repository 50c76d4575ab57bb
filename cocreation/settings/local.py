"""The newcomer's first run: debug on, a throwaway secret, two-factor for staff off."""

from cocreation.lib.env import env_bool

from .base import *  # noqa: F403
from .base import env

DEBUG = env_bool("DEBUG", default=True)
# Only for this machine's first run; production refuses to start without its own SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="local-only-not-secret-" + "x" * 40)
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", default=False)
