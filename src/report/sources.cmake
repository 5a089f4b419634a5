target_sources(qsmapcore PRIVATE report/report.c report/summary.c report/rows.c
  report/indicator10.c)
