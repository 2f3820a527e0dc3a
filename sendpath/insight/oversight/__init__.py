"""Oversight of annual reviews, phase transfers, complaints, mediation and tribunals."""
