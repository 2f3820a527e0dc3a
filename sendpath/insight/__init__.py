"""Insight: one agreed data set for leaders. The SEN2 return, the figures DfE will publish
counted as DfE counts them, dashboards beside England and the region, who is over- or
under-represented, oversight of alternative provision and of preparing for adulthood, and the
multi-agency audit of EHC plans' quality. Reads every app; no app but the demo imports it."""
