"""The SEN2 return: built from the records, checked against the schema and the business rules, streamed."""
