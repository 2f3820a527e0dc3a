"""The disagreements' models, one module per part (imported here so Django finds them)."""
