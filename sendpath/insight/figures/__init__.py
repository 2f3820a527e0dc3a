"""The figures DfE will publish, counted from the records as DfE counts them (INSIGHT.md), and their dashboards."""
