"""Staff accounts through the pages: list, invite, change role and organisation, deactivate."""
