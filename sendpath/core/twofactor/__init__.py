"""Two-factor sign-in (django-otp): a code from an authenticator app, or a one-time recovery code.

Required of every staff role when ``TWO_FACTOR_REQUIRED`` is on (always in production),
optional for families; anyone who has set one up is asked for a code at each sign-in.
"""
