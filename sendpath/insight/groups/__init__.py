"""Who is over- or under-represented among children with plans and on SEN support."""
