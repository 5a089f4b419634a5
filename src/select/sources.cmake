target_sources(qsmapcore PRIVATE select/select.c select/district.c select/office.c select/roles.c)
