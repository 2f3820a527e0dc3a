"""The family's pages for asking and sending, one module per group of pages."""
