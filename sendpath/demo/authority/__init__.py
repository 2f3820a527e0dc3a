"""Demoshire itself: its organisations, children and young people, families and accounts."""
