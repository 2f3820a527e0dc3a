"""Family accounts: invitations, linking with the date of birth and a code, unlinking, the 16+
rule, and carers' read access to the plan."""
