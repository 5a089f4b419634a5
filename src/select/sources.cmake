target_sources(qsmapcore PRIVATE select/select.c select/office.c)
