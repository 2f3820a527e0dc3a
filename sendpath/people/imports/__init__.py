"""Children without a plan: pupils on SEN support imported from a CSV file (the school census or
another system), checked row by row and imported all or nothing."""
