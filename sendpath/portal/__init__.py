"""The family and young person's pages, under ``/my/``: where their case is and what happens
next, what they can ask for and tell us (once), and their plan."""
