"""Disagreements: mediation, appeals to the First-tier Tribunal (SEND) and its orders,
independent disagreement resolution, and complaints; under ``/disagreements/`` and
``/complaints/``."""
