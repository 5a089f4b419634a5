target_sources(qsmapcore PRIVATE networks/list.c networks/measure.c networks/select.c
  networks/rows.c)
