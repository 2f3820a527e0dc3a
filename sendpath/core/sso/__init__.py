"""Single sign-on with the council's identity provider (OpenID Connect, mozilla-django-oidc).

Off unless ``OIDC_RP_CLIENT_ID`` is set. Only existing, active staff accounts sign in this way,
matched by email (ignoring case); it never creates an account and never signs in a family.
"""
