target_sources(qsmapcore PRIVATE report/report.c report/summary.c)
