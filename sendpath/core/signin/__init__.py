"""Signing in safely: lockout after repeated failures (django-axes), the administrators' unlock,
password reset by email, and the policy every sign-in follows."""
