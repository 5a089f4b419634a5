target_sources(qsmapcore PRIVATE places/districts.c places/locate.c places/geos.c
  places/outline.c)
