"""The multi-agency audit of EHC plans' quality."""
