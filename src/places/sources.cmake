target_sources(qsmapcore PRIVATE places/districts.c)
