"""Personal budgets and direct payments (Children and Families Act 2014 s.49; the Special
Educational Needs (Personal Budgets) Regulations 2014), under ``/budgets/``."""
